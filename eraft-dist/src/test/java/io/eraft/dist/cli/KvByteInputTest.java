package io.eraft.dist.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eraft kv} with keys and values as bytes, literal '@' values, and the input it refuses before sending. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KvByteInputTest {
    LocalCluster cluster;
    @TempDir
    Path files;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws InterruptedException {
        cluster = new LocalCluster(dir);
        cluster.awaitLeader();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun kv(String... args) {
        return cluster.kv(args);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void hexKeysAndValuesRoundTripAsBytesAndTwoByteKeysThatAreNotTextStayDistinct() {
        assertEquals(0, kv("--hex", "put", "ff00", "00fffe").exit());
        assertEquals(0, kv("--hex", "put", "fe00", "01").exit());
        assertEquals(new CliRun(0, "00fffe\n", ""), kv("--hex", "get", "ff00"));
        assertEquals(new CliRun(0, "01\n", ""), kv("--hex", "get", "fe00"));
        assertEquals(0, kv("--hex", "append", "ff00", "ab").exit());
        assertEquals(new CliRun(0, "applied\n", ""), kv("--hex", "cas", "ff00", "02", "--expect", "00fffeab"));
        assertEquals("02\n", kv("--hex", "get", "ff00").out());
    }

    @Test
    void base64KeysAndValuesRoundTrip() {
        String key = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xc3, 0x28});
        assertEquals(0, kv("--base64", "put", key, "AAEC").exit());
        assertEquals(new CliRun(0, "AAEC\n", ""), kv("--base64", "get", key));
    }

    @Test
    void aValueStartingWithAtIsTheValueItselfNotAFileName() throws IOException {
        Path secret = Files.writeString(files.resolve("secret.txt"), "file contents");
        assertEquals(0, kv("put", "at-key", "@" + secret).exit());
        assertEquals("@" + secret + "\n", kv("get", "at-key").out());
        assertEquals(0, kv("put", "@at", "x").exit());
        assertEquals("x\n", kv("get", "@at").out());
    }

    @Test
    void valueFilesAndGetOutputCarryRawBytes() throws IOException {
        byte[] value = new byte[70_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        Path in = Files.write(files.resolve("in.bin"), value);
        assertEquals(new CliRun(0, "OK\n", ""), kv("put", "blob", "--value-file", in.toString()));
        Path out = files.resolve("out.bin");
        CliRun got = kv("get", "blob", "--output", out.toString());
        assertEquals(0, got.exit());
        assertArrayEquals(value, Files.readAllBytes(out));
        Path next = Files.write(files.resolve("next.bin"), new byte[] {1, 2, 3});
        assertEquals(new CliRun(0, "applied\n", ""), kv("cas", "blob", "--value-file", next.toString(),
                "--expect-file", in.toString()));
        assertEquals(new CliRun(1, "not applied\n", ""), kv("cas", "blob", "x", "--expect-file", in.toString()));
        assertEquals("010203\n", kv("--hex", "get", hex("blob")).out());
    }

    @Test
    void theEmptyKeyIsRefusedBeforeSendingAndNothingIsWritten() {
        CliRun r = kv("put", "", "v");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("the empty key is not allowed"), r.err());
        CliRun hexEmpty = kv("--hex", "put", "", "00");
        assertEquals(2, hexEmpty.exit());
        assertTrue(hexEmpty.err().contains("the empty key is not allowed"), hexEmpty.err());
    }

    @Test
    void malformedHexOrBase64AndBothFlagsAreRefusedWithTheForm() {
        CliRun badHex = kv("--hex", "put", "zz", "00");
        assertEquals(2, badHex.exit());
        assertTrue(badHex.err().contains("is not hex (--hex)"), badHex.err());
        CliRun badBase64 = kv("--base64", "put", "a", "!!!");
        assertEquals(2, badBase64.exit());
        assertTrue(badBase64.err().contains("is not base64 (--base64)"), badBase64.err());
        CliRun both = kv("--hex", "--base64", "get", "00");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("--hex and --base64 cannot be used together"), both.err());
    }

    @Test
    void aValueAndAValueFileTogetherAreRefused() throws IOException {
        Path in = Files.writeString(files.resolve("v.txt"), "v");
        CliRun r = kv("put", "k", "v", "--value-file", in.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("give VALUE or --value-file, not both"), r.err());
    }

    @Test
    void aValueOfExactlyTheLimitIsStoredAndOneByteMoreIsRefusedNamingTheSetting() throws IOException {
        byte[] max = new byte[512_000];
        Arrays.fill(max, (byte) 'v');
        Path limit = Files.write(files.resolve("limit.bin"), max);
        assertEquals(new CliRun(0, "OK\n", ""), kv("put", "big", "--value-file", limit.toString()));
        Path over = Files.write(files.resolve("over.bin"), Arrays.copyOf(max, max.length + 1));
        CliRun r = kv("put", "big", "--value-file", over.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("512001 bytes is over the limit of 512000 bytes (kv.max-value-bytes)"),
                r.err());
        Path out = files.resolve("big.out");
        assertEquals(0, kv("get", "big", "--output", out.toString()).exit());
        assertArrayEquals(max, Files.readAllBytes(out));
    }

    @Test
    void aCompareAndSetWithTwoOperandsAtTheLimitApplies() throws IOException {
        byte[] a = new byte[512_000];
        Arrays.fill(a, (byte) 'a');
        byte[] b = new byte[512_000];
        Arrays.fill(b, (byte) 'b');
        Path fa = Files.write(files.resolve("a.bin"), a);
        Path fb = Files.write(files.resolve("b.bin"), b);
        assertEquals(0, kv("put", "cas-big", "--value-file", fa.toString()).exit());
        assertEquals(new CliRun(0, "applied\n", ""), kv("cas", "cas-big", "--value-file", fb.toString(),
                "--expect-file", fa.toString()));
        assertEquals(HexFormat.of().formatHex(new byte[] {'b', 'b'}),
                kv("--hex", "get", hex("cas-big")).out().substring(0, 4));
    }
}

package io.eraft.dist.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eraft kv} from the image, with argument bytes a shell passes as they are: text that is not UTF-8 is refused
 * before anything is sent, UTF-8 text survives the C locale (which would turn it into '?'), a value starting with
 * '@' is stored as given, hex, base64 and file values round-trip, and a value of exactly kv.max-value-bytes is
 * stored while one byte more is refused naming that setting.
 */
@Timeout(180)
class KvInputIT {
    private static ImageCli.Result shell(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("E", ServerProcess.IMAGE.resolve("bin/eraft").toString());
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " did not exit: " + out);
        return new ImageCli.Result(p.exitValue(), out);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAndUtf8TextAtSignsHexAndFilesRoundTrip(@TempDir Path dir) throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 3).startAll()) {
            cluster.awaitLeader();
            String s = "\"$E\" kv --servers " + cluster.peers.format() + " ";

            ImageCli.Result invalid = shell(s + "put \"$(printf 'k\\377')\" v");
            assertEquals(2, invalid.exit(), invalid.out());
            assertTrue(invalid.out().contains("is not valid UTF-8 text") && invalid.out().contains("--hex"),
                    invalid.out());
            ImageCli.Result invalidValue = shell(s + "put k \"$(printf 'v\\300')\"");
            assertEquals(2, invalidValue.exit(), invalidValue.out());
            assertEquals(1, shell(s + "get k").exit(), "a refused put wrote nothing");

            assertEquals(0, shell(s + "put \"$(printf 'cl\\303\\251')\" \"$(printf '\\346\\227\\245')\"").exit());
            ImageCli.Result utf8 = shell(s + "--hex get \"$(printf 'cl\\303\\251' | od -An -tx1 | tr -d ' \\n')\"");
            assertEquals("e697a5", utf8.out().strip(), "the key and value are their UTF-8 bytes in the C locale");

            Path secret = Files.writeString(dir.resolve("secret"), "not this");
            assertEquals(0, shell(s + "put at '@" + secret + "'").exit());
            assertEquals("@" + secret, shell(s + "get at").out().strip());

            assertEquals(0, shell(s + "--hex put 00ff 0001feff").exit());
            assertEquals("0001feff", shell(s + "--hex get 00ff").out().strip());
            Path blob = dir.resolve("blob");
            Files.write(blob, new byte[] {0, (byte) 0xff, 10, 13});
            assertEquals(0, shell(s + "put blob --value-file " + blob).exit());
            Path out = dir.resolve("out");
            assertEquals(0, shell(s + "get blob --output " + out).exit());
            assertEquals(4, Files.readAllBytes(out).length);
            assertEquals((byte) 0xff, Files.readAllBytes(out)[1]);

            assertEquals(0, shell(s + "--base64 put AP8= 3q2+7w==").exit());
            assertEquals("3q2+7w==", shell(s + "--base64 get AP8=").out().strip());
            assertEquals("deadbeef", shell(s + "--hex get 00ff").out().strip(), "hex and base64 name the same key");

            byte[] max = new byte[512_000];
            Arrays.fill(max, (byte) 0xfe);
            Path limit = Files.write(dir.resolve("limit.bin"), max);
            ImageCli.Result atLimit = shell(s + "put big --value-file " + limit);
            assertEquals(0, atLimit.exit(), "a value of exactly kv.max-value-bytes: " + atLimit.out());
            Path bigOut = dir.resolve("big.out");
            assertEquals(0, shell(s + "get big --output " + bigOut).exit());
            assertArrayEquals(max, Files.readAllBytes(bigOut));
            Path over = Files.write(dir.resolve("over.bin"), Arrays.copyOf(max, max.length + 1));
            ImageCli.Result overLimit = shell(s + "put big --value-file " + over);
            assertEquals(2, overLimit.exit(), overLimit.out());
            assertTrue(overLimit.out().contains("(kv.max-value-bytes)"), overLimit.out());

            ImageCli.Result empty = shell(s + "put '' v");
            assertEquals(2, empty.exit(), empty.out());
            assertTrue(empty.out().contains("the empty key is not allowed"), empty.out());
        }
    }
}

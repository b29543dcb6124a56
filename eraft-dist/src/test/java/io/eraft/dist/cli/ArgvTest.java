package io.eraft.dist.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgvTest {
    private static byte[] cmdline(byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.writeBytes(e);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void argumentsAreDecodedFromTheRawCommandLineAsStrictUtf8() {
        byte[] raw = cmdline(utf8("/opt/eraft/bin/java"), utf8("-m"), utf8("io.eraft.dist/io.eraft.dist.Main"),
                utf8("kv"), utf8("put"), utf8("clé"), utf8(""), utf8("日本"));
        // as a JVM in the C locale would have decoded them
        String[] lossy = {"kv", "put", "cl??", "", "??"};
        assertArrayEquals(new String[] {"kv", "put", "clé", "", "日本"}, Argv.decode(lossy, raw));
    }

    @Test
    void anArgumentThatIsNotValidUtf8IsRefusedNamingItAndTheByteOptions() {
        byte[] raw = cmdline(utf8("java"), utf8("kv"), utf8("put"), new byte[] {'k', (byte) 0xff}, utf8("v"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Argv.decode(new String[] {"kv", "put", "k\uFFFD", "v"}, raw));
        assertTrue(e.getMessage().contains("argument 3 ('k?') is not valid UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("--hex") && e.getMessage().contains("--base64"), e.getMessage());
    }

    @Test
    void twoKeysThatDifferOnlyInInvalidBytesAreBothRefusedSoTheyCannotNameOneStoredKey() {
        for (byte b : new byte[] {(byte) 0xfe, (byte) 0xff}) {
            byte[] raw = cmdline(utf8("java"), utf8("get"), new byte[] {b});
            assertThrows(IllegalArgumentException.class, () -> Argv.decode(new String[] {"get", "\uFFFD"}, raw));
        }
    }

    @Test
    void withoutARawCommandLineAReplacementCharacterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Argv.decode(new String[] {"put", "k\uFFFD"}, null));
        assertArrayEquals(new String[] {"put", "ké"}, Argv.decode(new String[] {"put", "ké"}, null));
    }
}

package io.eraft.dist;

import io.eraft.dist.cluster.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the jlink image the way a user does: {@code bin/eraft} with no JDK and no Maven on the PATH and no
 * JAVA_HOME, so the image must carry its own runtime, both store providers and the JVM flags they need.
 */
class ImageIT {
    private static final Path IMAGE = Path.of(System.getProperty("eraft.image", "target/eraft-image"));

    record Result(int exit, String out) {
    }

    private static Result eraft(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(IMAGE.resolve("bin/eraft").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.remove("MAVEN_HOME");
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("PATH", bareToolsDir(workDir).toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "eraft did not exit: " + out);
        return new Result(p.exitValue(), out);
    }

    /** A PATH with only the shell tools the launcher script uses: no java, javac or mvn. */
    private static Path bareToolsDir(Path workDir) throws IOException {
        Path bin = workDir.resolve(".bare-path");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            for (String tool : List.of("dirname", "basename", "uname")) {
                Path real = Path.of("/usr/bin", tool);
                if (Files.exists(real)) {
                    Files.createSymbolicLink(bin.resolve(tool), real);
                }
            }
        }
        return bin;
    }

    @Test
    void imagePrintsItsVersionWithoutAJdkOnThePath(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isExecutable(IMAGE.resolve("bin/java")), "no runtime in " + IMAGE);
        Result r = eraft(tmp, "--version");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("eraft "), r.out());
    }

    @ParameterizedTest(name = "store-check succeeds with {0} from the image")
    @ValueSource(strings = {"leveldb", "lmdb"})
    void storeCheckSucceedsWithEachProvider(String store, @TempDir Path tmp) throws Exception {
        Result r = eraft(tmp, "store-check", "--store", store, "--dir", tmp.resolve(store).toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains(store), r.out());
        assertTrue(!r.out().contains("FAIL"), r.out());
        assertNoJvmWarning(r);
    }

    /**
     * A demo loads every kind of native code the image has (leveldbjni, netty's epoll library) and protobuf; built
     * with Java 24 or newer, the image grants them native access and allows the Unsafe methods, so nothing warns.
     * Run by CI on a second, newer JDK too (see .ci/run); on Java 17 no flag is needed and none is given.
     */
    @Test
    void aDemoOverNettyWithLevelDbPrintsNoJvmWarning(@TempDir Path tmp) throws Exception {
        int base = FreePorts.consecutive(13);
        Result r = eraft(tmp, "demo", "--duration", "1s", "--bench-time", "2s", "--after", "1s",
                "--base-port", Integer.toString(base), "--dir", tmp.resolve("demo").toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("Demo stopped."), r.out());
        assertNoJvmWarning(r);
    }

    private static void assertNoJvmWarning(Result r) {
        assertTrue(!r.out().contains("WARNING:"), "the JVM warned (runtime " + Runtime.version() + " for the tests; "
                + "the image's own runtime is the JDK that built it):\n" + r.out());
    }

    @Test
    void unknownStoreNameListsTheProvidersFound(@TempDir Path tmp) throws Exception {
        Result r = eraft(tmp, "store-check", "--store", "rocksdb", "--dir", tmp.resolve("x").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("rocksdb") && r.out().contains("leveldb") && r.out().contains("lmdb"), r.out());
    }
}

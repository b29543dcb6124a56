package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvNoSpaceException;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.space.FreeSpace;
import io.eraft.shardkv.space.SpaceSettings;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real file system filling up under write load: the stores of a 3-server group live on a 64 MiB tmpfs, and the
 * space alarm (space.min-free 16 MiB, the product's own free-space measurement) stops writes before the disk is full,
 * so no store write fails and no server dies; reads and deletes go on; once space is freed the alarm clears by
 * itself and writes resume, with every acknowledged write readable. Needs root and a working {@code mount}: skipped
 * otherwise.
 */
@Timeout(180)
class FullDiskScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final long MIN_FREE = 16L << 20;
    private static final int VALUE_BYTES = 64 << 10;
    private static final int MAX_PUTS = 4_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void writesStopWithNoSpaceBeforeASmallFileSystemIsFullAndResumeOnceSpaceIsFreed(StoreKind store, TestSeed seed)
            throws Exception {
        Path mount = dir.resolve("tmpfs");
        Files.createDirectories(mount);
        assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to mount a size-limited tmpfs; running as " + System.getProperty("user.name"));
        String mountError = run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString());
        assumeTrue(mountError == null, "cannot mount a size-limited tmpfs here: " + mountError);
        try {
            Path filler = mount.resolve("filler");
            fill(filler, 24 << 20);
            SpaceSettings settings = new SpaceSettings(MIN_FREE, 0, Duration.ofMillis(20));
            try (KvCluster c = KvCluster.builder(3, store, seed).parentDir(mount)
                    .space(settings, FreeSpace.of(mount)).start()) {
                KvClerk ck = c.client().clerk();
                Map<String, byte[]> acknowledged = new LinkedHashMap<>();
                KvNoSpaceException refused = null;
                for (int i = 0; i < MAX_PUTS && refused == null; i++) {
                    byte[] value = value(i);
                    try {
                        ck.put(b("k" + i), value);
                        acknowledged.put("k" + i, value);
                    } catch (KvNoSpaceException e) {
                        refused = e;
                    }
                }
                assertTrue(refused != null, "the alarm stopped the writes before " + MAX_PUTS + " puts; "
                        + c.describe());
                assertTrue(refused.getMessage().contains("space.min-free"), refused.getMessage());
                long free = FreeSpace.of(mount).usableBytes();
                assertTrue(free > 0, "the file system never filled: " + free + " bytes free");
                for (NodeId id : c.servers()) {
                    assertTrue(c.status(id).isPresent(), id + " is still running");
                }

                String first = acknowledged.keySet().iterator().next();
                ck.delete(b(first));
                assertEquals(Optional.empty(), ck.get(b(first)), "deletes are served while the alarm is raised");
                acknowledged.remove(first);
                assertAllReadable(ck, acknowledged);

                Files.delete(filler);
                assertTrue(Poll.until(Duration.ofSeconds(30), () -> c.servers().stream()
                        .noneMatch(id -> c.server(id).space().raised())), "the alarm cleared by itself");
                ck.put(b("after"), b("space is back"));
                assertArrayEquals(b("space is back"), ck.get(b("after")).orElseThrow());
                assertAllReadable(ck, acknowledged);
            }
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private static void assertAllReadable(KvClerk ck, Map<String, byte[]> acknowledged) {
        acknowledged.forEach((k, v) -> assertArrayEquals(v, ck.get(b(k)).orElseThrow(), "acknowledged " + k));
    }

    private static byte[] value(int i) {
        byte[] v = new byte[VALUE_BYTES];
        Arrays.fill(v, (byte) ('a' + i % 26));
        byte[] tag = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, v, 0, tag.length);
        return v;
    }

    private static void fill(Path file, int bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) 1);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        }
    }

    /** Runs a command; null when it succeeded, else what it printed and its exit code. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish in 30 s";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + output;
    }
}

package io.eraft.dist.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench-store runs every workload on every store and prints positive ops/s; figures are not judged here. */
class StoreBenchmarkTest {
    private static final Pattern ROW = Pattern.compile("^\\s+(put|batched-put|get|prefix-scan)\\s+(\\d+) ops/s.*$",
            Pattern.MULTILINE);

    private static String bench(Path dir, List<String> stores) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new StoreBenchmark(new StoreBenchmark.Options(stores, dir, 0.0, 0.02, 500), out).run();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyWorkloadOfBothStoresReportsOpsPerSecondAndTheCoreCount(@TempDir Path dir) {
        String out = bench(dir, List.of("leveldb", "lmdb"));
        assertTrue(out.contains(Runtime.getRuntime().availableProcessors() + " cores"), out);
        assertTrue(out.contains("leveldb (default options:") && out.contains("lmdb (default options:"), out);
        Matcher m = ROW.matcher(out);
        int rows = 0;
        while (m.find()) {
            assertTrue(Long.parseLong(m.group(2)) > 0, m.group());
            rows++;
        }
        assertEquals(8, rows, out);
    }

    @Test
    void rerunWipesItsOwnStoreDirectoryOnly(@TempDir Path dir) throws Exception {
        bench(dir, List.of("lmdb"));
        Path mine = Files.writeString(dir.resolve("keep-me"), "x");
        String out = bench(dir, List.of("lmdb"));
        assertTrue(out.contains("fill"), out);
        assertTrue(Files.exists(mine));
    }

    @Test
    void directoryThatIsNotAStoreIsNotWiped(@TempDir Path dir) throws Exception {
        Path precious = Files.createDirectories(dir.resolve("leveldb")).resolve("precious.txt");
        Files.writeString(precious, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bench(dir, List.of("leveldb")));
        assertTrue(e.getMessage().contains("not a store directory"), e.getMessage());
        assertTrue(Files.exists(precious));
    }

    @Test
    void tooFewKeysForOnePrefixGroupIsRejected(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StoreBenchmark.Options(List.of("lmdb"), dir, 0, 1, 99));
        assertTrue(e.getMessage().contains("--keys"), e.getMessage());
    }
}

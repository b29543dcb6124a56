package io.eraft.dist;

import io.eraft.dist.cluster.ImageCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image built with one store through the Maven property ({@code eraft.image.stores=io.eraft.store.lmdb}; the
 * build makes it in pre-integration-test): it has LMDB only, says so when LevelDB is asked for, and its JVM options
 * name no module it lacks (no "Unknown module" warning).
 */
class LmdbOnlyImageIT {
    private static final Path IMAGE = Path.of(System.getProperty("eraft.image.lmdb", "target/eraft-image-lmdb"));

    private static ImageCli.Result eraft(Path dir, String... args) throws Exception {
        return ImageCli.run(IMAGE, dir, args);
    }

    @Test
    void storeCheckOfLevelDbSaysOnlyLmdbExists(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isExecutable(IMAGE.resolve("bin/eraft")), "no image at " + IMAGE);
        ImageCli.Result r = eraft(tmp, "store-check", "--store", "leveldb", "--dir", tmp.resolve("x").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("no StoreProvider named 'leveldb'; providers found: lmdb")
                && !r.out().contains("leveldb,") && !r.out().contains(", leveldb"), r.out());
        assertFalse(r.out().contains("WARNING"), r.out());
    }

    @Test
    void storeCheckOfLmdbPassesWithoutAJvmWarning(@TempDir Path tmp) throws Exception {
        ImageCli.Result r = eraft(tmp, "store-check", "--store", "lmdb", "--dir", tmp.resolve("lmdb").toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("store-check lmdb: all"), r.out());
        assertFalse(r.out().contains("WARNING"), r.out());
    }

    @Test
    void pluginsListsLmdbAsTheImagesOnlyStore(@TempDir Path tmp) throws Exception {
        ImageCli.Result r = eraft(tmp, "plugins");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().matches("(?s).*store\\s+lmdb\\s+io\\.eraft\\.store\\.lmdb\\s+image.*"), r.out());
        assertFalse(r.out().contains("leveldb"), r.out());
        assertTrue(r.out().contains("plugins directory: " + IMAGE.toAbsolutePath().normalize().resolve("plugins")),
                r.out());
    }
}

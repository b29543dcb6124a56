package io.eraft.dist.plugins;

import io.eraft.store.leveldb.LevelDbStoreProvider;
import org.junit.jupiter.api.BeforeAll;
import io.eraft.dist.cluster.ImageCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image's {@code bin/eraft --plugins DIR} with a working store plugin ({@code wrapped}: a module of its own that
 * requires the image's LevelDB module and serves through it) and a broken one (its provider throws): the good one is
 * listed with its module and plugin and used by store-check, the broken one refused with its reason.
 */
class PluginsImageIT {
    private static final Path IMAGE = Path.of(System.getProperty("eraft.image", "target/eraft-image"));

    @TempDir
    static Path tmp;
    static Path plugins;

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = tmp.resolve("plugins");
        Path leveldb = Path.of(LevelDbStoreProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PluginJars.jar(tmp, plugins.resolve("wrapped").resolve("test.wrapped.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.wrapped", "test.wrapped.Store",
                        "io.eraft.store.leveldb"),
                "test/wrapped/Store.java", """
                        package test.wrapped;
                        public final class Store implements io.eraft.api.store.StoreProvider {
                          private final io.eraft.api.store.StoreProvider inner =
                              new io.eraft.store.leveldb.LevelDbStoreProvider();
                          public String name() { return "wrapped"; }
                          public io.eraft.api.store.StateMachineStore open(java.nio.file.Path d,
                                                                           java.util.Map<String, String> o) {
                            return inner.open(d, o);
                          }
                        }
                        """), leveldb);
        PluginJars.jar(tmp, plugins.resolve("thrower").resolve("test.thrower.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.thrower", "test.thrower.Store"),
                "test/thrower/Store.java", PluginJars.storeProvider("test.thrower", "Store", "boom",
                        "throw new IllegalStateException(\"no native library\");")));
    }

    private static ImageCli.Result eraft(String... args) throws Exception {
        return ImageCli.run(IMAGE, tmp, args);
    }

    @Test
    void pluginsListsThePluginsStoreWithItsModuleAndTheRefusedPluginWithItsReason() throws Exception {
        ImageCli.Result r = eraft("plugins", "--plugins", plugins.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("store\\s+wrapped\\s+test\\.wrapped\\s+plugin wrapped")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("store\\s+lmdb\\s+io\\.eraft\\.store\\.lmdb\\s+image")),
                r.out());
        assertTrue(r.out().contains("thrower: a StoreProvider it provides failed to load")
                && r.out().contains("no native library"), r.out());
        assertFalse(r.out().contains("WARNING:"), r.out());
    }

    @Test
    void storeCheckPassesThroughThePluginsStore() throws Exception {
        ImageCli.Result r = eraft("--plugins=" + plugins, "store-check", "--store", "wrapped",
                "--dir", tmp.resolve("check").toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("store-check wrapped: all") && !r.out().contains("FAIL"), r.out());
    }

    @Test
    void askingForTheRefusedPluginsStoreNamesThePluginAndItsReason() throws Exception {
        ImageCli.Result r = eraft("store-check", "--plugins", plugins.toString(), "--store", "boom",
                "--dir", tmp.resolve("boom").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("no StoreProvider named 'boom'")
                && r.out().contains("refused at start: plugin 'thrower'") && r.out().contains("no native library"),
                r.out());
    }
}

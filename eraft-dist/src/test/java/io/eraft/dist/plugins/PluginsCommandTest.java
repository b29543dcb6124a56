package io.eraft.dist.plugins;

import io.eraft.api.PluginLayers;
import io.eraft.dist.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eraft plugins} lists the built-in providers, a plugin's provider with its module and plugin, and refusals. */
class PluginsCommandTest {
    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void forgetPlugins() {
        PluginLayers.clear();
    }

    @Test
    void listsBuiltInAndPluginProvidersAndRefusedPluginsWithTheirReasons() throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJars.jar(tmp, plugins.resolve("memtest").resolve("test.memtest.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.memtest", "test.memtest.Store"),
                "test/memtest/Store.java", PluginJars.storeProvider("test.memtest", "Store", "memtest", "")));
        PluginJars.jar(tmp, plugins.resolve("thrower").resolve("test.thrower.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.thrower", "test.thrower.Store"),
                "test/thrower/Store.java", PluginJars.storeProvider("test.thrower", "Store", "thrower",
                        "throw new IllegalStateException(\"no licence key\");")));
        PluginLoader.loadAll(plugins);

        CliRun r = CliRun.eraft("plugins");

        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*store\\s+memtest\\s+test\\.memtest\\s+plugin memtest.*"), r.out());
        assertTrue(r.out().matches("(?s).*store\\s+leveldb\\s+io\\.eraft\\.store\\.leveldb\\s+.*"), r.out());
        assertTrue(r.out().matches("(?s).*codec\\s+\\S+\\s+io\\.eraft\\.shardkv\\s+.*"), r.out());
        assertTrue(r.out().matches("(?s).*transport\\s+netty\\s+io\\.eraft\\.transport\\s+.*"), r.out());
        assertTrue(r.out().contains("refused plugins:\n  thrower: a StoreProvider it provides failed to load")
                && r.out().contains("no licence key"), r.out());
    }

    @Test
    void withNoPluginSaysNoneWasRefused() {
        CliRun r = CliRun.eraft("plugins");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("refused plugins: none"), r.out());
        assertTrue(!r.out().contains("plugin "), r.out());
    }
}

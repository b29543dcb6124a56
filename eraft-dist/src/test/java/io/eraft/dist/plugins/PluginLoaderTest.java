package io.eraft.dist.plugins;

import io.eraft.api.PluginLayers;
import io.eraft.api.PluginRefusedException;
import io.eraft.api.UnknownProviderException;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugins load into child layers where store lookups find them; each way a plugin can be broken is refused. */
class PluginLoaderTest {
    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void forgetPlugins() {
        PluginLayers.clear();
    }

    private Path goodPlugin(Path pluginsDir, String dirName, String module, String pkg, String storeName)
            throws Exception {
        PluginJars.jar(tmp, pluginsDir.resolve(dirName).resolve(module + ".jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule(module, pkg + ".Store"),
                pkg.replace('.', '/') + "/Store.java", PluginJars.storeProvider(pkg, "Store", storeName, "")));
        return pluginsDir.resolve(dirName);
    }

    @Test
    void aGoodPluginsStoreIsFoundByNameAndSaysItsModuleAndPlugin() throws Exception {
        Path plugins = tmp.resolve("plugins");
        goodPlugin(plugins, "memtest", "test.memtest", "test.memtest", "memtest");

        PluginLoader.Result result = PluginLoader.loadAll(plugins);

        assertEquals(List.of(), result.refused());
        assertEquals(1, result.loaded().size());
        assertEquals(List.of("test.memtest"), result.loaded().get(0).modules());
        assertEquals(Map.of("StoreProvider", 1), result.loaded().get(0).providers());
        StoreProvider found = Stores.provider("memtest");
        assertEquals("test.memtest", found.getClass().getModule().getName());
        assertEquals("memtest", PluginLayers.pluginOf(found.getClass().getModule()).orElseThrow());
        assertTrue(Stores.providers().stream().anyMatch(p -> p.name().equals("leveldb")),
                "the built-in providers are still found");
        assertEquals(1, Stores.providers().stream().filter(p -> p.name().equals("leveldb")).count(),
                "a built-in provider is not found twice through the plugin layer's parent");
    }

    @Test
    void aSingleJarInThePluginsDirectoryIsAPluginNamedAfterIt() throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJars.jar(tmp, plugins.resolve("onejar.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.onejar", "test.onejar.Store"),
                "test/onejar/Store.java", PluginJars.storeProvider("test.onejar", "Store", "onejar", "")));

        PluginLoader.Result result = PluginLoader.loadAll(plugins);

        assertEquals("onejar", result.loaded().get(0).name());
        assertEquals("onejar", PluginLayers.pluginOf(Stores.provider("onejar").getClass().getModule()).orElseThrow());
    }

    @Test
    void aJarThatIsNotAModuleIsRefusedAndTheOtherPluginsStillLoad() throws Exception {
        Path plugins = tmp.resolve("plugins");
        goodPlugin(plugins, "good", "test.good", "test.good", "goodstore");
        // "1-bad.jar" gives no valid automatic module name ("1" is not a Java identifier)
        PluginJars.jar(tmp, plugins.resolve("broken").resolve("1-bad.jar"), false,
                Map.of("x/Y.java", "package x; public class Y {}"));

        PluginLoader.Result result = PluginLoader.loadAll(plugins);

        assertEquals(1, result.loaded().size());
        PluginLayers.Refusal refusal = only(result.refused());
        assertEquals("broken", refusal.name());
        assertTrue(refusal.reason().startsWith("not a module") && refusal.reason().contains("1-bad.jar"),
                refusal.reason());
        assertEquals("goodstore", Stores.provider("goodstore").name());
    }

    @Test
    void aDamagedJarIsRefusedAndNothingOfItIsLoaded() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins.resolve("damaged"));
        Files.write(plugins.resolve("damaged").resolve("store.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 0x7f, 1, 2});

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertEquals("damaged", refusal.name());
        assertTrue(refusal.reason().startsWith("not a module") && refusal.reason().contains("store.jar"),
                refusal.reason());
        assertEquals(List.of(), PluginLayers.plugins());
    }

    @Test
    void aDirectoryWithoutJarsIsRefused() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins.resolve("empty"));

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertEquals("empty", refusal.name());
        assertTrue(refusal.reason().contains("no .jar file"), refusal.reason());
    }

    @Test
    void aMissingRequiresIsRefusedNamingTheMissingModule() throws Exception {
        Path absent = PluginJars.jar(tmp, tmp.resolve("absent/test.absent.jar"), true,
                Map.of("module-info.java", "module test.absent { exports test.absent; }",
                        "test/absent/A.java", "package test.absent; public class A {}"));
        Path plugins = tmp.resolve("plugins");
        PluginJars.jar(tmp, plugins.resolve("needy").resolve("test.needy.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.needy", "test.needy.Store", "test.absent"),
                "test/needy/Store.java", PluginJars.storeProvider("test.needy", "Store", "needy", "")), absent);

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertEquals("needy", refusal.name());
        assertTrue(refusal.reason().contains("test.absent") && refusal.reason().contains("not found"),
                refusal.reason());
        UnknownProviderException e = assertThrows(UnknownProviderException.class, () -> Stores.provider("needy"));
        assertTrue(e.getMessage().contains("refused at start: plugin 'needy'"), e.getMessage());
    }

    @Test
    void aPackageSplitBetweenTwoModulesOfAPluginIsRefused() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Path dir = plugins.resolve("split");
        PluginJars.jar(tmp, dir.resolve("test.one.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.one", "test.dup.One"),
                "test/dup/One.java", PluginJars.storeProvider("test.dup", "One", "one", "")));
        PluginJars.jar(tmp, dir.resolve("test.two.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.two", "test.dup.Two"),
                "test/dup/Two.java", PluginJars.storeProvider("test.dup", "Two", "two", "")));

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertEquals("split", refusal.name());
        assertTrue(refusal.reason().contains("test.dup"), refusal.reason());
        assertThrows(UnknownProviderException.class, () -> Stores.provider("one"));
    }

    @Test
    void aPackageOfTheImageInAPluginIsRefused() throws Exception {
        Path plugins = tmp.resolve("plugins");
        // an automatic module reads every module, so its io.eraft.api package clashes with eraft-api's
        PluginJars.jar(tmp, plugins.resolve("sneaky").resolve("sneaky.jar"), false,
                Map.of("io/eraft/api/Sneaky.java", "package io.eraft.api; public class Sneaky {}"));

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertEquals("sneaky", refusal.name());
        assertTrue(refusal.reason().contains("io.eraft.api"), refusal.reason());
    }

    @Test
    void aProviderThatThrowsRefusesItsPluginNamingWhatItThrew() throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJars.jar(tmp, plugins.resolve("thrower").resolve("test.thrower.jar"), true, Map.of(
                "module-info.java", PluginJars.storeModule("test.thrower", "test.thrower.Store"),
                "test/thrower/Store.java", PluginJars.storeProvider("test.thrower", "Store", "thrower",
                        "throw new IllegalStateException(\"no licence key\");")));

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertEquals("thrower", refusal.name());
        assertTrue(refusal.reason().contains("StoreProvider") && refusal.reason().contains("no licence key"),
                refusal.reason());
        assertEquals(List.of(), PluginLayers.plugins());
        assertEquals("leveldb", Stores.provider("leveldb").name(), "other lookups keep working");
    }

    @Test
    void aModuleThatProvidesNoServiceOfERaftIsRefused() throws Exception {
        Path plugins = tmp.resolve("plugins");
        PluginJars.jar(tmp, plugins.resolve("idle").resolve("test.idle.jar"), true, Map.of(
                "module-info.java", "module test.idle { }",
                "test/idle/X.java", "package test.idle; public class X {}"));

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertTrue(refusal.reason().contains("provides none of eRaft's services"), refusal.reason());
    }

    @Test
    void aModuleAlreadyInTheImageIsRefused() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins.resolve("dup"));
        Files.copy(PluginJars.apiLocation(), plugins.resolve("dup").resolve("eraft-api.jar"));

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertTrue(refusal.reason().contains("module io.eraft.api is already in the image"), refusal.reason());
    }

    @Test
    void aPluginStoreWithTheNameOfAnImageStoreIsRefusedAndTheImageStoreStillServesThatName() throws Exception {
        Path plugins = tmp.resolve("plugins");
        goodPlugin(plugins, "shadow", "test.shadow", "test.shadow", "leveldb");

        PluginLayers.Refusal refusal = only(PluginLoader.loadAll(plugins).refused());

        assertEquals("shadow", refusal.name());
        assertTrue(refusal.reason().contains("store 'leveldb' (test.shadow.Store)")
                && refusal.reason().contains("the image") && refusal.reason().contains("rename one"), refusal.reason());
        assertEquals(List.of(), PluginLayers.plugins());
        assertEquals(1, Stores.providers().stream().filter(p -> p.name().equals("leveldb")).count());
        assertTrue(PluginLayers.pluginOf(Stores.provider("leveldb").getClass().getModule()).isEmpty(),
                "'leveldb' is still the image's store");
    }

    @Test
    void ofTwoPluginsProvidingAStoreOfOneNameTheSecondIsRefusedNamingTheFirstWhichServes() throws Exception {
        Path plugins = tmp.resolve("plugins");
        goodPlugin(plugins, "alpha", "test.alpha", "test.alpha", "twin");
        goodPlugin(plugins, "beta", "test.beta", "test.beta", "twin");

        PluginLoader.Result result = PluginLoader.loadAll(plugins);

        PluginLayers.Refusal refusal = only(result.refused());
        assertEquals("beta", refusal.name());
        assertTrue(refusal.reason().contains("store 'twin' (test.beta.Store), which plugin 'alpha' provides already"),
                refusal.reason());
        assertEquals(List.of("alpha"), result.loaded().stream().map(PluginLoader.Loaded::name).toList());
        assertEquals("test.alpha", Stores.provider("twin").getClass().getModule().getName());
        assertEquals(1, Stores.providers().stream().filter(p -> p.name().equals("twin")).count());
    }

    @Test
    void aMissingPluginsDirectoryLoadsNothing() {
        PluginLoader.Result result = PluginLoader.loadAll(tmp.resolve("nowhere"));
        assertEquals(List.of(), result.loaded());
        assertEquals(List.of(), result.refused());
    }

    @Test
    void loadingOnePluginTwiceIsRefused() throws Exception {
        Path dir = goodPlugin(tmp.resolve("plugins"), "twice", "test.twice", "test.twice", "twice");
        PluginLoader.load(dir);
        PluginRefusedException e = assertThrows(PluginRefusedException.class, () -> PluginLoader.load(dir));
        assertTrue(e.getMessage().contains("loaded already"), e.getMessage());
    }

    private static PluginLayers.Refusal only(List<PluginLayers.Refusal> refused) {
        assertEquals(1, refused.size(), refused.toString());
        return refused.get(0);
    }
}

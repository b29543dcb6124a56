package io.eraft.dist.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where plugins come from: --plugins, else ERAFT_PLUGINS, else the image's plugins directory. */
class PluginsDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void thePluginsOptionIsTakenOutOfTheArgumentsInEitherForm() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        PluginsDirectory a = PluginsDirectory.resolve(new String[] {"--plugins", dir.toString(), "store-check", "-h"},
                Map.of(), false, tmp);
        PluginsDirectory b = PluginsDirectory.resolve(new String[] {"store-check", "--plugins=" + dir, "-h"},
                Map.of(), false, tmp);
        assertEquals(Optional.of(dir), a.directory());
        assertArrayEquals(new String[] {"store-check", "-h"}, a.remainingArguments());
        assertEquals(Optional.of(dir), b.directory());
        assertArrayEquals(new String[] {"store-check", "-h"}, b.remainingArguments());
    }

    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheImage() throws Exception {
        Path option = Files.createDirectories(tmp.resolve("option"));
        Path env = Files.createDirectories(tmp.resolve("env"));
        Map<String, String> vars = Map.of(PluginsDirectory.ENV, env.toString());
        assertEquals(Optional.of(option), PluginsDirectory.resolve(new String[] {"--plugins", option.toString()},
                vars, true, tmp).directory());
        assertEquals(Optional.of(env), PluginsDirectory.resolve(new String[0], vars, true, tmp).directory());
        assertEquals(Optional.of(tmp.resolve("plugins")),
                PluginsDirectory.resolve(new String[0], Map.of(), true, tmp).directory());
        assertEquals(Optional.empty(), PluginsDirectory.resolve(new String[0], Map.of(), false, tmp).directory(),
                "outside the image there is no default plugins directory");
    }

    @Test
    void argumentsAfterADoubleDashAreLeftAlone() {
        PluginsDirectory d = PluginsDirectory.resolve(new String[] {"kv", "--", "--plugins", "x"}, Map.of(), false,
                tmp);
        assertEquals(Optional.empty(), d.directory());
        assertArrayEquals(new String[] {"kv", "--", "--plugins", "x"}, d.remainingArguments());
    }

    @Test
    void aMissingDirectoryGivenExplicitlyIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginsDirectory.resolve(
                new String[] {"--plugins", tmp.resolve("nope").toString()}, Map.of(), false, tmp));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("--plugins"), e.getMessage());
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class, () -> PluginsDirectory.resolve(
                new String[0], Map.of(PluginsDirectory.ENV, tmp.resolve("gone").toString()), false, tmp));
        assertTrue(env.getMessage().contains("ERAFT_PLUGINS"), env.getMessage());
    }

    @Test
    void theOptionWithoutAValueOrGivenTwiceIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        assertThrows(IllegalArgumentException.class,
                () -> PluginsDirectory.resolve(new String[] {"plugins", "--plugins"}, Map.of(), false, tmp));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> PluginsDirectory.resolve(
                new String[] {"--plugins", dir.toString(), "--plugins=" + dir}, Map.of(), false, tmp));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    }
}

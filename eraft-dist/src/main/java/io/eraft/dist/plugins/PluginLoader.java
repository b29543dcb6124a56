package io.eraft.dist.plugins;

import io.eraft.api.PluginLayers;
import io.eraft.api.PluginRefusedException;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the plugins of a directory, each into its own child layer of the boot layer, and hands the layers to
 * {@link PluginLayers}, where every provider lookup finds them. A plugin is a subdirectory holding its jars (the
 * provider's module and the libraries it needs that the image does not have), or a single {@code .jar}. A plugin
 * that cannot be loaded is refused with its name and the reason (recorded in {@link PluginLayers}; the launcher
 * prints it once); no logger is touched here, since loading runs before a command configures logging;
 * the others still load, and a process that never asks for the refused plugin's providers runs as usual.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class PluginLoader {
    /** A plugin that was loaded: its name, where it came from, its modules and its providers by SPI. */
    public record Loaded(String name, Path path, List<String> modules, Map<String, Integer> providers) {
    }

    /** What loading a directory did. */
    public record Result(Path directory, List<Loaded> loaded, List<PluginLayers.Refusal> refused) {
    }

    private static volatile Result last;

    private PluginLoader() {
    }

    /** What the last {@link #loadAll} of this process did (the one at start), if any. */
    public static java.util.Optional<Result> lastResult() {
        return java.util.Optional.ofNullable(last);
    }

    /** Loads every plugin in {@code directory}, in name order; a missing directory loads nothing. */
    public static Result loadAll(Path directory) {
        List<Loaded> loaded = new ArrayList<>();
        List<PluginLayers.Refusal> refused = new ArrayList<>();
        for (Path entry : entries(directory)) {
            try {
                loaded.add(load(entry));
            } catch (PluginRefusedException e) {
                PluginLayers.refuse(e.plugin(), e.reason());
                refused.add(new PluginLayers.Refusal(e.plugin(), e.reason()));
            }
        }
        Result result = new Result(directory, List.copyOf(loaded), List.copyOf(refused));
        last = result;
        return result;
    }

    /**
     * Loads one plugin: a directory of jars or one jar.
     *
     * @throws PluginRefusedException naming the plugin and why it cannot be loaded
     */
    public static Loaded load(Path entry) {
        String name = nameOf(entry);
        List<Path> jars = jarsOf(name, entry);
        Set<ModuleReference> found;
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        try {
            found = finder.findAll();
        } catch (FindException e) {
            throw new PluginRefusedException(name, "not a module: " + messages(e));
        }
        Set<String> roots = found.stream().map(r -> r.descriptor().name())
                .collect(Collectors.toCollection(TreeSet::new));
        for (String module : roots) {
            if (ModuleLayer.boot().findModule(module).isPresent()) {
                throw new PluginRefusedException(name, "module " + module + " is already in the image");
            }
        }
        Configuration configuration;
        try {
            configuration = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        } catch (FindException | ResolutionException e) {
            throw new PluginRefusedException(name, messages(e));
        }
        ModuleLayer.Controller controller;
        try {
            controller = ModuleLayer.defineModulesWithOneLoader(configuration, List.of(ModuleLayer.boot()),
                    PluginLoader.class.getClassLoader());
        } catch (LayerInstantiationException | SecurityException e) {
            throw new PluginRefusedException(name, messages(e));
        }
        NativeAccess.enableFor(controller);
        Map<String, Integer> providers = PluginLayers.add(name, controller.layer());
        return new Loaded(name, entry, List.copyOf(roots), providers);
    }

    private static String nameOf(Path entry) {
        String file = entry.getFileName().toString();
        return Files.isDirectory(entry) || !file.endsWith(".jar") ? file : file.substring(0, file.length() - 4);
    }

    private static List<Path> jarsOf(String name, Path entry) {
        if (Files.isRegularFile(entry)) {
            if (!entry.getFileName().toString().endsWith(".jar")) {
                throw new PluginRefusedException(name,
                        "not a plugin: a plugin is a directory of jars or a .jar file, not " + entry);
            }
            return List.of(entry);
        }
        try (Stream<Path> files = Files.list(entry)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new PluginRefusedException(name, "not a module: no .jar file in " + entry);
            }
            return jars;
        } catch (IOException e) {
            throw new PluginRefusedException(name, "cannot read " + entry + ": " + e);
        }
    }

    private static List<Path> entries(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the plugins directory " + directory + ": " + e, e);
        }
    }

    /** An exception's message with its causes' messages, which say what was wrong with which jar. */
    private static String messages(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            out.append(": ").append(c.getMessage());
        }
        return out.toString();
    }
}

package io.eraft.dist.plugins;

import io.eraft.api.store.StoreProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/** Builds plugin jars for tests: compiles Java sources with the JDK's javac against eraft-api, and jars them. */
final class PluginJars {
    private PluginJars() {
    }

    /** Where eraft-api's classes are (a jar or a classes directory), for {@code --module-path}. */
    static Path apiLocation() {
        try {
            return Path.of(StoreProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles {@code sources} (path relative to the source root, e.g. {@code module-info.java}, to its text) and
     * writes the classes into {@code jar}.
     *
     * @param modular compile as a module against eraft-api on the module path, or plainly on the class path
     */
    static Path jar(Path work, Path jar, boolean modular, Map<String, String> sources, Path... modulePath)
            throws IOException {
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        StringBuilder path = new StringBuilder(apiLocation().toString());
        for (Path p : modulePath) {
            path.append(java.io.File.pathSeparator).append(p);
        }
        args.addAll(List.of(modular ? "--module-path" : "--class-path", path.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new IllegalStateException("no javac"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = javac.run(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err),
                args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("javac failed: " + err.toString(StandardCharsets.UTF_8));
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return jar;
    }

    /** Source of a store provider class {@code pkg.cls} named {@code name}; {@code ctorBody} runs in its constructor. */
    static String storeProvider(String pkg, String cls, String name, String ctorBody) {
        return "package " + pkg + ";\n"
                + "public final class " + cls + " implements io.eraft.api.store.StoreProvider {\n"
                + "  public " + cls + "() { " + ctorBody + " }\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public io.eraft.api.store.StateMachineStore open(java.nio.file.Path d, java.util.Map<String, String> o) {\n"
                + "    throw new UnsupportedOperationException(\"" + name + " is a test plugin\");\n"
                + "  }\n"
                + "}\n";
    }

    /** A module-info that requires eraft-api (and {@code moreRequires}) and provides a StoreProvider. */
    static String storeModule(String module, String providerClass, String... moreRequires) {
        StringBuilder s = new StringBuilder("module " + module + " {\n  requires io.eraft.api;\n");
        for (String r : moreRequires) {
            s.append("  requires ").append(r).append(";\n");
        }
        return s.append("  provides io.eraft.api.store.StoreProvider with ").append(providerClass).append(";\n}\n")
                .toString();
    }
}

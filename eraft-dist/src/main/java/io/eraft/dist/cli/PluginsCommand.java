package io.eraft.dist.cli;

import io.eraft.api.PluginLayers;
import io.eraft.api.Providers;
import io.eraft.dist.plugins.PluginLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code eraft plugins}: every provider this process finds, the module and plugin it came from, and refusals. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List every provider found (stores, codecs, transports, logs, Raft), the module it is in and "
                + "where that came from (the image or a plugin), and every plugin refused at start with the reason.",
                "Plugins are loaded from --plugins DIR (any command takes it), else $ERAFT_PLUGINS, else "
                        + "<image>/plugins: one subdirectory of jars (or one .jar) per plugin."})
final class PluginsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("plugins directory: " + PluginLoader.lastResult()
                .map(r -> r.directory().toString()).orElse("none"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KIND", "NAME", "MODULE", "FROM"});
        PluginLayers.SERVICES.forEach(service -> add(rows, service));
        int[] width = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            out.printf("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n",
                    row[0], row[1], row[2], row[3]);
        }
        List<PluginLayers.Refusal> refused = PluginLayers.refusals();
        out.println(refused.isEmpty() ? "refused plugins: none" : "refused plugins:");
        for (PluginLayers.Refusal r : refused) {
            out.println("  " + r.name() + ": " + r.reason());
        }
        out.flush();
        return 0;
    }

    private static void add(List<String[]> rows, PluginLayers.Service<?> service) {
        for (Object provider : Providers.all(service.type())) {
            Module module = provider.getClass().getModule();
            String from = PluginLayers.pluginOf(module).map(p -> "plugin " + p)
                    .orElse(Boolean.getBoolean("eraft.image") ? "image" : "module path");
            rows.add(new String[] {service.kind(), service.nameOfProvider(provider),
                    module.isNamed() ? module.getName() : "(class path)", from});
        }
    }
}

package io.eraft.dist.cli;

import io.eraft.api.PluginLayers;
import io.eraft.api.Providers;
import io.eraft.api.codec.Codec;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.plugins.PluginLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

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
        add(rows, "store", StoreProvider.class, StoreProvider::name);
        add(rows, "codec", Codec.class, Codec::name);
        add(rows, "transport", TransportProvider.class, TransportProvider::name);
        add(rows, "log", LogStoreProvider.class, LogStoreProvider::name);
        add(rows, "raft", RaftProvider.class, RaftProvider::name);
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

    private static <S> void add(List<String[]> rows, String kind, Class<S> spi, Function<S, String> nameOf) {
        for (S provider : Providers.all(spi)) {
            Module module = provider.getClass().getModule();
            String from = PluginLayers.pluginOf(module).map(p -> "plugin " + p)
                    .orElse(Boolean.getBoolean("eraft.image") ? "image" : "module path");
            rows.add(new String[] {kind, nameOf.apply(provider),
                    module.isNamed() ? module.getName() : "(class path)", from});
        }
    }
}

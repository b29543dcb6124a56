package io.eraft.dist;

import io.eraft.dist.cli.EraftCommand;
import io.eraft.dist.cli.ExitCodes;
import io.eraft.dist.plugins.PluginLoader;
import io.eraft.dist.plugins.PluginsDirectory;

import java.nio.file.Path;

/**
 * Entry point of the {@code eraft} command.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String[] checked;
        try {
            PluginsDirectory plugins = PluginsDirectory.resolve(EraftCommand.processArguments(args), System.getenv(),
                    Boolean.getBoolean("eraft.image"), Path.of(System.getProperty("java.home")));
            plugins.directory().map(PluginLoader::loadAll).ifPresent(result -> result.refused().forEach(r ->
                    System.err.println("eraft: warning: plugin '" + r.name() + "' in " + result.directory()
                            + " refused: " + r.reason())));
            checked = plugins.remainingArguments();
        } catch (IllegalArgumentException e) {
            System.err.println("eraft: " + e.getMessage());
            System.exit(ExitCodes.ERROR);
            return;
        }
        System.exit(run(checked));
    }

    /**
     * Runs the command line and returns its exit code: 0 ok, 1 a negative answer, 2 an error, 3 a server's member
     * stopped itself, 4 a server's log is damaged ({@link io.eraft.dist.cli.ExitCodes}).
     */
    public static int run(String... args) {
        return EraftCommand.commandLine().execute(args);
    }
}

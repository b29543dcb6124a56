package io.eraft.dist;

import io.eraft.dist.cli.EraftCommand;
import picocli.CommandLine;

/** Entry point of the {@code eraft} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failed check, 2 usage error). */
    public static int run(String... args) {
        return EraftCommand.commandLine().execute(args);
    }
}

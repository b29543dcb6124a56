package io.eraft.dist.cli;

import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.LogRepair;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code eraft repair-log}: repairs the damaged Raft log of a stopped server (the one a server refuses to start
 * with, exit status 4), offline.
 */
@Command(name = "repair-log", mixinStandardHelpOptions = true,
        description = {"Repair the Raft log of a stopped server whose start failed with a damaged log (exit status "
                + "4): cut the log at the first damaged record, keep its term and vote, and mark the node as "
                + "recovering. Restarted, the node fetches the lost entries (or a snapshot) from its leader, and "
                + "neither votes nor campaigns until it has them back, so no acknowledged write is lost.",
                "Prints what it found and did. A log without damage is left as it is. The server must be stopped."},
        footer = {"", "Example:", "  eraft repair-log --data-dir eraft-data/n2",
                "", "Exit status: 0 repaired (or nothing to repair); 2 error (the log cannot be repaired, a server "
                + "holds the directory, no log there)."})
final class RepairLogCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The stopped server's data directory (its data.dir).")
    Path dataDir;

    @Option(names = "--log", paramLabel = "NAME", defaultValue = EraftServer.LOG_PROVIDER,
            description = "The log store (default ${DEFAULT-VALUE}).")
    String log;

    @Override
    public Integer call() {
        CliLogging.forClient();
        String report = LogRepair.repair(dataDir, log);
        PrintWriter out = spec.commandLine().getOut();
        out.println(report.strip());
        out.flush();
        return ExitCodes.OK;
    }
}

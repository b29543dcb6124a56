package io.eraft.dist.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One {@code eraft} command run in this JVM, through the same command line as the launcher: its exit status and
 * what it printed on stdout and on stderr.
 */
public record CliRun(int exit, String out, String err) {
    /** Runs {@code eraft args...} in this JVM and captures its output. */
    public static CliRun eraft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = EraftCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}

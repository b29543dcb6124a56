package io.eraft.dist.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code --json} option of the benchmark commands that end with one report ({@code bench},
 * {@code bench-shard}), and where their output goes: the report on stdout, as one JSON object with {@code --json};
 * lines for people (what runs, progress) on stdout, or on stderr with {@code --json} so that stdout holds only the
 * JSON.
 */
final class ReportOutput {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--json", description = "Print the result as one JSON object (progress goes to stderr).")
    boolean json;

    /** Where lines for people go: stderr with {@code --json}, else stdout. */
    PrintWriter info() {
        return json ? err() : out();
    }

    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    /** Prints {@code text} for people at once (see {@link #info()}). */
    void info(String text) {
        PrintWriter info = info();
        info.print(text);
        info.flush();
    }

    /** A sink of progress lines: each goes to {@code to} at once, after {@code indent}. */
    static Consumer<String> lines(PrintWriter to, String indent) {
        return line -> {
            to.println(indent + line);
            to.flush();
        };
    }

    /**
     * Prints the report on stdout: with {@code --json} the JSON and a line break, else the text.
     *
     * @param completed the operations the run completed
     * @return the command's exit status: 0 when any operation completed, 1 when none did
     */
    int printReport(Supplier<String> text, Supplier<String> json, long completed) {
        PrintWriter out = out();
        out.print(this.json ? json.get() + System.lineSeparator() : text.get());
        out.flush();
        return completed > 0 ? 0 : 1;
    }

    private PrintWriter out() {
        return mixee.commandLine().getOut();
    }
}

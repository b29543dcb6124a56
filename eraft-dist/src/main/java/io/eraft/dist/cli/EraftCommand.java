package io.eraft.dist.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalInt;
import java.util.Properties;

/** The top-level {@code eraft} command; each capability is a subcommand. */
@Command(name = "eraft", mixinStandardHelpOptions = true, versionProvider = EraftCommand.Version.class,
        description = "eRaft: a strongly consistent, sharded key-value platform on Raft.",
        subcommands = {StoreCheckCommand.class, PluginsCommand.class, RaftBenchCommand.class, StoreBenchCommand.class,
                KvBenchCommand.class, ServerCommand.class, CtrlerCommand.class, CtlCommand.class, KvCommand.class,
                MemberCommand.class, MemberBenchCommand.class,
                StatusCommand.class,
                RepairLogCommand.class, CheckCommand.class,
                BenchCommand.class, DemoCommand.class, ShardBenchCommand.class, CommandLine.HelpCommand.class})
/** Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API. */
public final class EraftCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * This process's arguments as the user gave them: decoded from the raw command line as strict UTF-8 where the
     * system shows it ({@code /proc/self/cmdline}), since the JVM's own decoding silently replaces bytes it cannot
     * decode.
     *
     * @throws IllegalArgumentException naming an argument that is not valid UTF-8
     */
    public static String[] processArguments(String[] args) {
        return Argv.ofProcess(args);
    }

    /**
     * A command line whose errors are one clear line, not a stack trace, with their {@link ExitCodes}. Arguments are
     * taken as they are: {@code @file} is not expanded (a value may start with '@').
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EraftCommand());
        cl.setExpandAtFiles(false);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            OptionalInt code = ExitCodes.of(ex);
            if (code.isPresent()) {
                commandLine.getErr().println("eraft: " + ex.getMessage());
                return code.getAsInt();
            }
            throw ex;
        });
        return cl;
    }

    /** Reads the version Maven wrote into version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = EraftCommand.class.getResourceAsStream("/io/eraft/dist/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"eraft " + p.getProperty("version", "unknown") + " (Java "
                    + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + ")"};
        }
    }
}

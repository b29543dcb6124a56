package io.eraft.dist.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to start another {@code eraft} process: the command line of this one up to and including its main module or
 * class ({@code ... -m io.eraft.dist/io.eraft.dist.Main}), so a check started from the image starts servers from the
 * same image with the same JVM options.
 */
final class ServerLauncher {
    private static final String MAIN = "io.eraft.dist.Main";

    private ServerLauncher() {
    }

    /**
     * The command prefix of this process.
     *
     * @throws IllegalStateException when the system does not show this process's command line, or it does not run
     *                               {@code eraft}'s main class (then pass {@code --eraft})
     */
    static List<String> ofThisProcess() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isEmpty() || arguments.isEmpty()) {
            throw new IllegalStateException("cannot see this process's command line to start servers; pass "
                    + "--eraft PATH (the eraft launcher)");
        }
        return prefix(command.get(), arguments.get());
    }

    static List<String> prefix(String command, String[] arguments) {
        List<String> out = new ArrayList<>(List.of(command));
        for (String a : arguments) {
            out.add(a);
            if (a.equals(MAIN) || a.endsWith("/" + MAIN)) {
                return out;
            }
        }
        throw new IllegalStateException("this process does not run " + MAIN + " (it runs " + command
                + "); pass --eraft PATH (the eraft launcher)");
    }
}

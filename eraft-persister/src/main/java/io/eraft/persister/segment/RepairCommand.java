package io.eraft.persister.segment;

import java.nio.file.Path;

/**
 * The command that repairs a damaged log, as error messages name it. The server keeps a member's log in
 * {@code <data-dir>/log}, and {@code eraft repair-log --data-dir <data-dir>} repairs that log; a log directory by
 * another name is named itself.
 */
final class RepairCommand {
    private static final String SERVER_LOG_DIRECTORY = "log";

    private RepairCommand() {
    }

    static String of(Path logDirectory) {
        Path absolute = logDirectory.toAbsolutePath().normalize();
        Path name = absolute.getFileName();
        Path dataDir = name != null && name.toString().equals(SERVER_LOG_DIRECTORY) && absolute.getParent() != null
                ? absolute.getParent() : absolute;
        return "eraft repair-log --data-dir " + dataDir;
    }
}

package io.eraft.persister.segment;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Tells an {@link IOException} that means "the file system is full" (ENOSPC, or EDQUOT over a quota) from other I/O
 * errors. Java reports both only as text: the operating system's message, in the exception or one of its causes.
 */
final class NoSpace {
    private static final List<String> MESSAGES = List.of(
            "no space left on device", // Linux, macOS: ENOSPC
            "disk quota exceeded", // EDQUOT
            "not enough space on the disk", // Windows: ERROR_DISK_FULL
            "enospc");

    private NoSpace() {
    }

    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String m : MESSAGES) {
                    if (lower.contains(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

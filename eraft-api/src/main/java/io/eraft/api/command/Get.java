package io.eraft.api.command;

import java.util.Objects;

/** Reads {@code key}. Gets are usually served by ReadIndex without a log entry; this form goes through the log. */
public record Get(long clientId, long sequence, byte[] key) implements Command {
    public Get {
        Objects.requireNonNull(key, "key");
    }
}

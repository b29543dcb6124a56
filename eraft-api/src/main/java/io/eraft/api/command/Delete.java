package io.eraft.api.command;

import java.util.Objects;

/** Deletes {@code key}. */
public record Delete(long clientId, long sequence, byte[] key) implements Command {
    public Delete {
        Objects.requireNonNull(key, "key");
    }
}

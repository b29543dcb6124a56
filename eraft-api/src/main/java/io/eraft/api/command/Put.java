package io.eraft.api.command;

import java.util.Objects;

/** Sets {@code key} to {@code value}. */
public record Put(long clientId, long sequence, byte[] key, byte[] value) implements Command {
    public Put {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}

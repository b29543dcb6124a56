package io.eraft.api.command;

import java.util.Objects;

/**
 * Sets {@code key} to {@code newValue} only when its current value equals {@code expected}. A null
 * {@code expected} means "only when the key is absent".
 */
public record CompareAndSet(long clientId, long sequence, byte[] key, byte[] expected, byte[] newValue)
        implements Command {
    public CompareAndSet {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(newValue, "newValue");
    }
}

package io.eraft.api.command;

import java.util.Objects;

/** Appends {@code suffix} to the value of {@code key} (absent counts as empty). */
public record Append(long clientId, long sequence, byte[] key, byte[] suffix) implements Command {
    public Append {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(suffix, "suffix");
    }
}

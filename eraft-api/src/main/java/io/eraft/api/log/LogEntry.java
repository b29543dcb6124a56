package io.eraft.api.log;

import java.util.Objects;

/**
 * One Raft log entry. {@code data} is owned by the entry and never changed.
 *
 * @param index position in the log, from 1
 * @param term  the leader's term when the entry was created
 * @param type  what the entry is for
 * @param data  the command bytes (empty for NOOP)
 */
public record LogEntry(long index, long term, EntryType type, byte[] data) {
    public LogEntry {
        if (index < 1) {
            throw new IllegalArgumentException("log index must be >= 1: " + index);
        }
        if (term < 0) {
            throw new IllegalArgumentException("term must be >= 0: " + term);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** Bytes this entry takes in memory and on the wire, roughly: payload plus a fixed header. */
    public int sizeInBytes() {
        return data.length + 24;
    }

    @Override
    public String toString() {
        return "LogEntry[" + index + "@" + term + " " + type + " " + data.length + "B]";
    }
}

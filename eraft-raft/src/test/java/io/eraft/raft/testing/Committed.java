package io.eraft.raft.testing;

import java.util.Optional;

/**
 * How many nodes applied a log index, and what is there.
 *
 * @param count how many nodes (running or crashed, their last incarnation) have applied through the index
 * @param entry what was applied at the index, if any node applied it
 */
public record Committed(int count, Optional<AppliedEntry> entry) {

    /** Whether at least {@code servers} nodes applied {@code command} at this index. */
    public boolean holds(byte[] command, int servers) {
        return count >= servers && entry.isPresent() && entry.get().isCommand(command);
    }
}

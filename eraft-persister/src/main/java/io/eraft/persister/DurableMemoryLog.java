package io.eraft.persister;

import io.eraft.api.log.LogStoreException;

import java.nio.file.Path;
import java.util.List;

/**
 * What a memory log keeps across close and crash: the state its syncs made durable, and which store (if any) has it
 * open. Thread-safe.
 */
final class DurableMemoryLog {
    private final Path key;
    private final MemoryLogState state = new MemoryLogState();
    private MemoryLogStore owner;

    DurableMemoryLog(Path key) {
        this.key = key;
    }

    /**
     * Makes {@code store} the owner and returns a copy of the durable state for it to work on.
     *
     * @throws LogStoreException if another store has it open
     */
    synchronized MemoryLogState open(MemoryLogStore store) {
        if (owner != null) {
            throw new LogStoreException("memory log " + key + " is already open; close or crash that log store first");
        }
        owner = store;
        return state.copy();
    }

    /**
     * Makes {@code ops} durable, all or none.
     *
     * @throws LogStoreException if {@code store} no longer owns the log (it crashed)
     */
    synchronized void sync(MemoryLogStore store, List<MemoryOp> ops) {
        if (owner != store) {
            throw new LogStoreException("memory log " + key + " crashed before these writes were synced");
        }
        ops.forEach(state::apply);
    }

    /** {@code store} stops owning the log; its syncs fail from now on. */
    synchronized void release(MemoryLogStore store) {
        if (owner == store) {
            owner = null;
        }
    }
}

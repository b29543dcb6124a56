package io.eraft.shardkv.shard;

import io.eraft.shardkv.proto.ShardPhase;

/** Where a shard a group holds data of stands in migration: the public view of the replicated shard phase. */
public enum ShardState {
    /** Owned and complete: served. */
    SERVING,
    /** Owned in the current configuration; its data is being copied in from the previous owner: not yet served. */
    PULLING,
    /** Given away in the current configuration; kept, frozen, until the new owner has it: not served. */
    BEING_PULLED,
    /** Owned and served; the previous owner has yet to confirm it deleted its copy (garbage collection). */
    GC_PENDING;

    static ShardState of(ShardPhase phase) {
        return switch (phase) {
            case SHARD_PHASE_SERVING -> SERVING;
            case SHARD_PHASE_PULLING -> PULLING;
            case SHARD_PHASE_BEING_PULLED -> BEING_PULLED;
            case SHARD_PHASE_GC_PENDING -> GC_PENDING;
            default -> throw new IllegalArgumentException("no shard state for phase " + phase);
        };
    }
}

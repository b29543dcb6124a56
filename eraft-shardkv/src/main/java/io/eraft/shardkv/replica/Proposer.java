package io.eraft.shardkv.replica;

import io.eraft.api.raft.Leadership;
import io.eraft.api.raft.RaftNode;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.proto.KvStatus;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Proposes a client's command to Raft and turns the outcome into the protocol's reply, telling the clerk when the
 * command was never proposed: a server that does not lead answers NOT_LEADER before proposing (marked not proposed),
 * so a clerk that went to a follower first still learns a later refusal is definite; a command whose entry is over
 * Raft's {@code maxAppendBytes} is refused (BAD_REQUEST, not proposed). Never blocks.
 * <p>Internal: replica machinery shared by the kv, shard and ctrler packages; io.eraft.shardkv does not export it.
 */
public final class Proposer {
    private final RaftNode raft;
    private final long maxEntryBytes;
    private final FailureReplies.Encoder encoder;

    /** @param maxEntryBytes the largest log entry Raft accepts (its {@code maxAppendBytes}) */
    public Proposer(RaftNode raft, long maxEntryBytes, FailureReplies.Encoder encoder) {
        this.raft = Objects.requireNonNull(raft, "raft");
        this.maxEntryBytes = maxEntryBytes;
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    /** Proposes {@code entry}; completes with the state machine's reply, or the failure reply. */
    public CompletableFuture<byte[]> propose(byte[] entry) {
        Leadership now = raft.leadership(); // every write asks: not the whole status
        if (!now.leading()) {
            return CompletableFuture.completedFuture(encoder.notLeader(now.leader(), raft.self()
                    + " is not the leader" + (now.leader() == null ? "" : "; try " + now.leader()), true));
        }
        if (entry.length > maxEntryBytes) {
            return CompletableFuture.completedFuture(encoder.error(KvStatus.KV_STATUS_BAD_REQUEST, "the command "
                    + "encodes to " + entry.length + " bytes, over the Raft group's maxAppendBytes ("
                    + KvLimits.MAX_APPEND_SETTING + ") of " + maxEntryBytes + "; send smaller values", true));
        }
        return raft.propose(entry).handle((result, error) -> error != null ? failure(error) : result);
    }

    /** The reply for a Raft or store failure: NOT_LEADER with a hint, or UNAVAILABLE (the clerk retries). */
    public byte[] failure(Throwable error) {
        return FailureReplies.of(error, raft.self(), encoder);
    }
}

package io.eraft.api.raft;

import java.time.Duration;

/**
 * Tuning of a Raft group. Time is counted in ticks of {@code tick} (as etcd does). Checked on construction:
 * heartbeats must come more often than elections, and limits must be positive.
 *
 * @param tick                  length of one tick
 * @param electionTicks         minimum election timeout in ticks; each member draws its timeout in
 *                              [electionTicks, 2 * electionTicks)
 * @param heartbeatTicks        ticks between leader heartbeats
 * @param preVote               run a pre-vote before bumping the term, so a rejoining node does not disrupt
 * @param checkQuorum           a leader that has not heard from a majority in an election timeout steps down
 * @param maxInflightAppends    AppendEntries requests in flight per follower (pipelining)
 * @param maxInflightBytes      entry bytes in flight per follower
 * @param maxAppendBytes        entry bytes in one AppendEntries request (batching)
 * @param maxEntryCacheBytes    bytes of recent entries kept in memory for replication
 * @param maxPendingProposals   proposals waiting for commit before new ones are refused
 * @param snapshotChunkBytes    bytes per InstallSnapshot chunk
 * @param snapshotThresholdBytes log bytes above which the state machine is asked to take a snapshot
 *                              (0 disables automatic snapshots)
 * @param requestTimeout        transport timeout of one RPC
 * @param maxPromotionLag       entries a learner's log may lag behind the leader's last index and still be promoted to
 *                              voter; a promotion further behind is refused (so adding a voter never stalls commits)
 * @param leaseRead             serve linearizable reads from the leader's lease (Raft thesis §6.4.1) instead of a
 *                              heartbeat round per read, while a majority acknowledged a message sent less than
 *                              {@link #leaseNanos()} ago; needs {@code checkQuorum}. Safe only while no member's
 *                              clock runs slower than the leader's by more than {@code leaseMaxDrift} (as a rate) and
 *                              no member pauses longer than the margin that leaves; see {@link #leaseNanos()}
 * @param leaseMaxDrift         the clock drift the lease allows for, a fraction in [0, 0.5]: the lease is this much
 *                              shorter than the time a follower that heard from the leader refuses to vote
 */
public record RaftConfig(Duration tick, int electionTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                         int maxInflightAppends, long maxInflightBytes, long maxAppendBytes, long maxEntryCacheBytes,
                         int maxPendingProposals, int snapshotChunkBytes, long snapshotThresholdBytes,
                         Duration requestTimeout, long maxPromotionLag, boolean leaseRead, double leaseMaxDrift) {

    /** The default of {@link #maxPromotionLag()}: 1000 entries. */
    public static final long DEFAULT_MAX_PROMOTION_LAG = 1_000;

    /** The default of {@link #leaseMaxDrift()}: 0.1 (the lease is 10% shorter than the followers' vote refusal). */
    public static final double DEFAULT_LEASE_MAX_DRIFT = 0.1;

    /** The settings without the lease, which is off. */
    public RaftConfig(Duration tick, int electionTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                      int maxInflightAppends, long maxInflightBytes, long maxAppendBytes, long maxEntryCacheBytes,
                      int maxPendingProposals, int snapshotChunkBytes, long snapshotThresholdBytes,
                      Duration requestTimeout, long maxPromotionLag) {
        this(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends, maxInflightBytes,
                maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes, snapshotThresholdBytes,
                requestTimeout, maxPromotionLag, false, DEFAULT_LEASE_MAX_DRIFT);
    }

    /** The settings without {@code maxPromotionLag}, which is then {@link #DEFAULT_MAX_PROMOTION_LAG}. */
    public RaftConfig(Duration tick, int electionTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                      int maxInflightAppends, long maxInflightBytes, long maxAppendBytes, long maxEntryCacheBytes,
                      int maxPendingProposals, int snapshotChunkBytes, long snapshotThresholdBytes,
                      Duration requestTimeout) {
        this(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends, maxInflightBytes,
                maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes, snapshotThresholdBytes,
                requestTimeout, DEFAULT_MAX_PROMOTION_LAG, false, DEFAULT_LEASE_MAX_DRIFT);
    }

    public RaftConfig {
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive: " + tick);
        }
        if (heartbeatTicks < 1) {
            throw new IllegalArgumentException("heartbeatTicks must be >= 1: " + heartbeatTicks);
        }
        if (electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("electionTicks (" + electionTicks
                    + ") must be greater than heartbeatTicks (" + heartbeatTicks + ")");
        }
        positive("maxInflightAppends", maxInflightAppends);
        positive("maxInflightBytes", maxInflightBytes);
        positive("maxAppendBytes", maxAppendBytes);
        positive("maxEntryCacheBytes", maxEntryCacheBytes);
        positive("maxPendingProposals", maxPendingProposals);
        positive("snapshotChunkBytes", snapshotChunkBytes);
        if (snapshotThresholdBytes < 0) {
            throw new IllegalArgumentException("snapshotThresholdBytes must be >= 0: " + snapshotThresholdBytes);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        if (maxPromotionLag < 0) {
            throw new IllegalArgumentException("maxPromotionLag must be >= 0: " + maxPromotionLag);
        }
        if (!(leaseMaxDrift >= 0 && leaseMaxDrift <= 0.5)) {
            throw new IllegalArgumentException("leaseMaxDrift must be in [0, 0.5]: " + leaseMaxDrift);
        }
        if (leaseRead && !checkQuorum) {
            throw new IllegalArgumentException("leaseRead needs checkQuorum: without it a follower that heard from "
                    + "the leader still votes for another candidate, so no lease holds");
        }
    }

    /**
     * How long a leader may serve reads after a majority acknowledged a message it sent: a follower that heard from
     * the leader refuses votes until {@code electionTicks} of its ticks have passed, that is at least
     * {@code electionTicks - 1} tick lengths after the message arrived (its first tick may come at once), and the lease
     * is shorter by {@code leaseMaxDrift} of that. A member paused (GC, SIGSTOP, a stalled VM) while its timer runs is
     * what the margin must also cover: the lease is unsafe where such pauses outlast it, and ReadIndex is then the
     * choice.
     */
    public long leaseNanos() {
        return (long) ((electionTicks - 1) * (double) tick.toNanos() * (1 - leaseMaxDrift));
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + v);
        }
    }

    /** 10 ms ticks, elections after 150-300 ms, heartbeats every 30 ms; pre-vote and check-quorum on. */
    public static RaftConfig defaults() {
        return new RaftConfig(Duration.ofMillis(10), 15, 3, true, true, 64, 8L << 20, 1L << 20, 64L << 20,
                100_000, 1 << 20, 64L << 20, Duration.ofSeconds(2));
    }

    public RaftConfig withSnapshotThresholdBytes(long bytes) {
        return new RaftConfig(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends,
                maxInflightBytes, maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes, bytes,
                requestTimeout, maxPromotionLag, leaseRead, leaseMaxDrift);
    }

    public RaftConfig withSnapshotChunkBytes(int bytes) {
        return new RaftConfig(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends,
                maxInflightBytes, maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, bytes,
                snapshotThresholdBytes, requestTimeout, maxPromotionLag, leaseRead, leaseMaxDrift);
    }

    public RaftConfig withMaxPromotionLag(long entries) {
        return new RaftConfig(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends,
                maxInflightBytes, maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes,
                snapshotThresholdBytes, requestTimeout, entries, leaseRead, leaseMaxDrift);
    }

    /** These settings with lease reads on or off, allowing for {@code maxDrift} of clock drift. */
    public RaftConfig withLeaseRead(boolean on, double maxDrift) {
        return new RaftConfig(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends,
                maxInflightBytes, maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes,
                snapshotThresholdBytes, requestTimeout, maxPromotionLag, on, maxDrift);
    }
}

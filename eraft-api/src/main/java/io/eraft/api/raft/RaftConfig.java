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
 */
public record RaftConfig(Duration tick, int electionTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                         int maxInflightAppends, long maxInflightBytes, long maxAppendBytes, long maxEntryCacheBytes,
                         int maxPendingProposals, int snapshotChunkBytes, long snapshotThresholdBytes,
                         Duration requestTimeout, long maxPromotionLag) {

    /** The default of {@link #maxPromotionLag()}: 1000 entries. */
    public static final long DEFAULT_MAX_PROMOTION_LAG = 1_000;

    /** The settings without {@code maxPromotionLag}, which is then {@link #DEFAULT_MAX_PROMOTION_LAG}. */
    public RaftConfig(Duration tick, int electionTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                      int maxInflightAppends, long maxInflightBytes, long maxAppendBytes, long maxEntryCacheBytes,
                      int maxPendingProposals, int snapshotChunkBytes, long snapshotThresholdBytes,
                      Duration requestTimeout) {
        this(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends, maxInflightBytes,
                maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes, snapshotThresholdBytes,
                requestTimeout, DEFAULT_MAX_PROMOTION_LAG);
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
                requestTimeout, maxPromotionLag);
    }

    public RaftConfig withSnapshotChunkBytes(int bytes) {
        return new RaftConfig(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends,
                maxInflightBytes, maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, bytes,
                snapshotThresholdBytes, requestTimeout, maxPromotionLag);
    }

    public RaftConfig withMaxPromotionLag(long entries) {
        return new RaftConfig(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends,
                maxInflightBytes, maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes,
                snapshotThresholdBytes, requestTimeout, entries);
    }
}

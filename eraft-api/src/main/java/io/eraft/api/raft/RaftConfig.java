package io.eraft.api.raft;

import java.time.Duration;

/**
 * Tuning of a Raft group; build one with {@link #builder()} (its keys as settings: {@link RaftKeys}). Time is counted in ticks of {@code tick} (as etcd does). Checked on construction:
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
        return builder().build();
    }

    /** A builder at {@link #defaults()}; each setter replaces one value, {@link Builder#build()} checks them all. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few of them. */
    public Builder toBuilder() {
        return new Builder().tick(tick).electionTicks(electionTicks).heartbeatTicks(heartbeatTicks).preVote(preVote)
                .checkQuorum(checkQuorum).maxInflightAppends(maxInflightAppends).maxInflightBytes(maxInflightBytes)
                .maxAppendBytes(maxAppendBytes).maxEntryCacheBytes(maxEntryCacheBytes)
                .maxPendingProposals(maxPendingProposals).snapshotChunkBytes(snapshotChunkBytes)
                .snapshotThresholdBytes(snapshotThresholdBytes).requestTimeout(requestTimeout)
                .maxPromotionLag(maxPromotionLag).leaseRead(leaseRead).leaseMaxDrift(leaseMaxDrift);
    }

    public RaftConfig withSnapshotThresholdBytes(long bytes) {
        return toBuilder().snapshotThresholdBytes(bytes).build();
    }

    public RaftConfig withSnapshotChunkBytes(int bytes) {
        return toBuilder().snapshotChunkBytes(bytes).build();
    }

    public RaftConfig withMaxPromotionLag(long entries) {
        return toBuilder().maxPromotionLag(entries).build();
    }

    /** These settings with lease reads on or off, allowing for {@code maxDrift} of clock drift. */
    public RaftConfig withLeaseRead(boolean on, double maxDrift) {
        return toBuilder().leaseRead(on).leaseMaxDrift(maxDrift).build();
    }

    /**
     * Named settings for a {@link RaftConfig}, starting at the defaults. Not thread-safe; {@link #build()} checks
     * every value and the rules across them (as the record's constructor does) and may be called again.
     */
    public static final class Builder {
        private Duration tick = Duration.ofMillis(10);
        private int electionTicks = 15;
        private int heartbeatTicks = 3;
        private boolean preVote = true;
        private boolean checkQuorum = true;
        private int maxInflightAppends = 64;
        private long maxInflightBytes = 8L << 20;
        private long maxAppendBytes = 1L << 20;
        private long maxEntryCacheBytes = 64L << 20;
        private int maxPendingProposals = 100_000;
        private int snapshotChunkBytes = 1 << 20;
        private long snapshotThresholdBytes = 64L << 20;
        private Duration requestTimeout = Duration.ofSeconds(2);
        private long maxPromotionLag = DEFAULT_MAX_PROMOTION_LAG;
        private boolean leaseRead = false;
        private double leaseMaxDrift = DEFAULT_LEASE_MAX_DRIFT;

        private Builder() {
        }

        /** @see RaftConfig#tick() */
        public Builder tick(Duration v) {
            tick = v;
            return this;
        }

        /** @see RaftConfig#electionTicks() */
        public Builder electionTicks(int v) {
            electionTicks = v;
            return this;
        }

        /** @see RaftConfig#heartbeatTicks() */
        public Builder heartbeatTicks(int v) {
            heartbeatTicks = v;
            return this;
        }

        /** @see RaftConfig#preVote() */
        public Builder preVote(boolean v) {
            preVote = v;
            return this;
        }

        /** @see RaftConfig#checkQuorum() */
        public Builder checkQuorum(boolean v) {
            checkQuorum = v;
            return this;
        }

        /** @see RaftConfig#maxInflightAppends() */
        public Builder maxInflightAppends(int v) {
            maxInflightAppends = v;
            return this;
        }

        /** @see RaftConfig#maxInflightBytes() */
        public Builder maxInflightBytes(long v) {
            maxInflightBytes = v;
            return this;
        }

        /** @see RaftConfig#maxAppendBytes() */
        public Builder maxAppendBytes(long v) {
            maxAppendBytes = v;
            return this;
        }

        /** @see RaftConfig#maxEntryCacheBytes() */
        public Builder maxEntryCacheBytes(long v) {
            maxEntryCacheBytes = v;
            return this;
        }

        /** @see RaftConfig#maxPendingProposals() */
        public Builder maxPendingProposals(int v) {
            maxPendingProposals = v;
            return this;
        }

        /** @see RaftConfig#snapshotChunkBytes() */
        public Builder snapshotChunkBytes(int v) {
            snapshotChunkBytes = v;
            return this;
        }

        /** @see RaftConfig#snapshotThresholdBytes() */
        public Builder snapshotThresholdBytes(long v) {
            snapshotThresholdBytes = v;
            return this;
        }

        /** @see RaftConfig#requestTimeout() */
        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        /** @see RaftConfig#maxPromotionLag() */
        public Builder maxPromotionLag(long v) {
            maxPromotionLag = v;
            return this;
        }

        /** @see RaftConfig#leaseRead() */
        public Builder leaseRead(boolean v) {
            leaseRead = v;
            return this;
        }

        /** @see RaftConfig#leaseMaxDrift() */
        public Builder leaseMaxDrift(double v) {
            leaseMaxDrift = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the value that is out of range or the rule two values break */
        public RaftConfig build() {
            return new RaftConfig(tick, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightAppends,
                    maxInflightBytes, maxAppendBytes, maxEntryCacheBytes, maxPendingProposals, snapshotChunkBytes,
                    snapshotThresholdBytes, requestTimeout, maxPromotionLag, leaseRead, leaseMaxDrift);
        }
    }
}

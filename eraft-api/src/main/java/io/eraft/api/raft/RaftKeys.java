package io.eraft.api.raft;

import io.eraft.api.settings.Setting;
import io.eraft.api.settings.Settings;

import java.time.Duration;
import java.util.List;

/**
 * The {@code raft.*} settings: every field of {@link RaftConfig} as a typed key with its default (the defaults of
 * {@link RaftConfig#defaults()}), range and description. {@link #config(Settings)} builds the config they give.
 */
public final class RaftKeys {
    private static final RaftConfig D = RaftConfig.defaults();

    public static final Setting<Duration> TICK = Setting.duration("raft.tick", D.tick(), Duration.ofMillis(1),
            Duration.ofSeconds(60), "length of one Raft tick; elections and heartbeats are counted in ticks");
    public static final Setting<Integer> ELECTION_TICKS = Setting.integer("raft.election-ticks", D.electionTicks(), 2,
            100_000, "minimum election timeout in ticks (each member draws from [n, 2n)); above raft.heartbeat-ticks");
    public static final Setting<Integer> HEARTBEAT_TICKS = Setting.integer("raft.heartbeat-ticks",
            D.heartbeatTicks(), 1, 100_000, "ticks between a leader's heartbeats; below raft.election-ticks");
    public static final Setting<Boolean> PRE_VOTE = Setting.bool("raft.pre-vote", D.preVote(),
            "run a pre-vote before a real election, so a rejoining member does not disrupt the group");
    public static final Setting<Boolean> CHECK_QUORUM = Setting.bool("raft.check-quorum", D.checkQuorum(),
            "a leader that has not heard from a majority for an election timeout steps down");
    public static final Setting<Integer> MAX_INFLIGHT_APPENDS = Setting.integer("raft.max-inflight-appends",
            D.maxInflightAppends(), 1, 1 << 16, "append requests in flight to one follower (pipelining)");
    public static final Setting<Long> MAX_INFLIGHT_BYTES = Setting.size("raft.max-inflight-bytes",
            D.maxInflightBytes(), 1, 1L << 34, "entry bytes in flight to one follower");
    public static final Setting<Long> MAX_APPEND_BYTES = Setting.size("raft.max-append-bytes", D.maxAppendBytes(),
            1024, 40L << 20, "entry bytes in one append request, and the largest entry (every write is one entry: "
                    + "it must hold the largest command kv.max-* allow)");
    public static final Setting<Long> MAX_ENTRY_CACHE_BYTES = Setting.size("raft.max-entry-cache-bytes",
            D.maxEntryCacheBytes(), 1, 1L << 40, "bytes of recent entries kept in memory for replication");
    public static final Setting<Integer> MAX_PENDING_PROPOSALS = Setting.integer("raft.max-pending-proposals",
            D.maxPendingProposals(), 1, 1 << 24, "proposals waiting for commit before new ones are refused");
    public static final Setting<Long> SNAPSHOT_CHUNK_BYTES = Setting.size("raft.snapshot-chunk-bytes",
            D.snapshotChunkBytes(), 1024, 1L << 30, "bytes per snapshot chunk sent to a follower");
    public static final Setting<Long> SNAPSHOT_THRESHOLD_BYTES = Setting.size("raft.snapshot-threshold-bytes",
            D.snapshotThresholdBytes(), 0, 1L << 50,
            "log bytes above which the state machine is asked for a snapshot; 0 never");
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.duration("raft.request-timeout",
            D.requestTimeout(), Duration.ofMillis(1), Duration.ofHours(1), "transport timeout of one Raft request");
    public static final Setting<Long> MAX_PROMOTION_LAG = Setting.longValue("raft.max-promotion-lag",
            D.maxPromotionLag(), 0, 1L << 40, "entries a learner may lag behind the leader and still be "
                    + "promoted to voter");
    public static final Setting<Boolean> LEASE_READ = Setting.bool("raft.lease-read", D.leaseRead(),
            "confirm linearizable reads by the leader's lease instead of a heartbeat round each (needs "
                    + "raft.check-quorum; unsafe if a member's clock runs slow by more than "
                    + "raft.lease-max-drift-percent or a member can pause longer than the lease's margin)");
    public static final Setting<Integer> LEASE_MAX_DRIFT_PERCENT = Setting.integer("raft.lease-max-drift-percent",
            (int) Math.round(D.leaseMaxDrift() * 100), 0, 50, "clock drift the lease allows for: it is this many "
                    + "percent shorter than the (raft.election-ticks - 1) ticks a follower refuses other candidates");

    /** Every {@code raft.*} setting, in the order of {@link RaftConfig}'s fields. */
    public static final List<Setting<?>> ALL = List.of(TICK, ELECTION_TICKS, HEARTBEAT_TICKS, PRE_VOTE, CHECK_QUORUM,
            MAX_INFLIGHT_APPENDS, MAX_INFLIGHT_BYTES, MAX_APPEND_BYTES, MAX_ENTRY_CACHE_BYTES, MAX_PENDING_PROPOSALS,
            SNAPSHOT_CHUNK_BYTES, SNAPSHOT_THRESHOLD_BYTES, REQUEST_TIMEOUT, MAX_PROMOTION_LAG, LEASE_READ,
            LEASE_MAX_DRIFT_PERCENT);

    private RaftKeys() {
    }

    /**
     * The config the {@code raft.*} values of {@code settings} give ({@code settings} must declare {@link #ALL}).
     *
     * @throws IllegalArgumentException when values clash, e.g. heartbeats not more often than elections, or lease
     *                                  reads without check-quorum
     */
    public static RaftConfig config(Settings settings) {
        return RaftConfig.builder()
                .tick(settings.get(TICK))
                .electionTicks(settings.get(ELECTION_TICKS))
                .heartbeatTicks(settings.get(HEARTBEAT_TICKS))
                .preVote(settings.get(PRE_VOTE))
                .checkQuorum(settings.get(CHECK_QUORUM))
                .maxInflightAppends(settings.get(MAX_INFLIGHT_APPENDS))
                .maxInflightBytes(settings.get(MAX_INFLIGHT_BYTES))
                .maxAppendBytes(settings.get(MAX_APPEND_BYTES))
                .maxEntryCacheBytes(settings.get(MAX_ENTRY_CACHE_BYTES))
                .maxPendingProposals(settings.get(MAX_PENDING_PROPOSALS))
                .snapshotChunkBytes(Math.toIntExact(settings.get(SNAPSHOT_CHUNK_BYTES)))
                .snapshotThresholdBytes(settings.get(SNAPSHOT_THRESHOLD_BYTES))
                .requestTimeout(settings.get(REQUEST_TIMEOUT))
                .maxPromotionLag(settings.get(MAX_PROMOTION_LAG))
                .leaseRead(settings.get(LEASE_READ))
                .leaseMaxDrift(settings.get(LEASE_MAX_DRIFT_PERCENT) / 100.0)
                .build();
    }
}

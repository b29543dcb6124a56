package io.eraft.dist.server;

import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftKeys;
import io.eraft.api.settings.Setting;
import io.eraft.api.settings.Settings;
import io.eraft.shardkv.kv.KvLimits;

import java.util.List;

/**
 * A server's Raft config from its {@code raft.<name>} settings ({@link RaftKeys}; the snapshot threshold is the
 * server's own {@code snapshot.threshold}) and its {@code kv.<name>} settings (key and value size limits,
 * {@link KvLimits}).
 */
public final class RaftSettings {
    /**
     * The largest {@code kv.max-value-bytes} a server takes: a compare-and-set of two such values must fit
     * {@code raft.max-append-bytes}, which is at most 40 MiB so that an append request fits the transport's
     * 64 MiB frames. Clients refuse larger values before sending; smaller ones over a server's own limit are
     * refused by the server, naming {@code kv.max-value-bytes}.
     */
    public static final int LARGEST_VALUE_BYTES = 16 << 20;
    /** The limits clients check before sending: the longest key any server takes, {@link #LARGEST_VALUE_BYTES}. */
    public static final KvLimits CLIENT_LIMITS = new KvLimits(KvLimits.DEFAULT.maxKeyBytes(), LARGEST_VALUE_BYTES);

    static final Setting<Long> MAX_KEY = Setting.size(KvLimits.MAX_KEY_SETTING, KvLimits.DEFAULT.maxKeyBytes(), 1,
            KvLimits.DEFAULT.maxKeyBytes(), "longest key (the stores hold keys of at most 500 bytes)");
    static final Setting<Long> MAX_VALUE = Setting.size(KvLimits.MAX_VALUE_SETTING, KvLimits.DEFAULT.maxValueBytes(),
            0, LARGEST_VALUE_BYTES, "longest value, append suffix, appended value and compare-and-set operand");
    /** The {@code kv.*} settings. */
    static final List<Setting<?>> KV = List.of(MAX_KEY, MAX_VALUE);

    private RaftSettings() {
    }

    /**
     * The Raft configuration the {@code raft.*} keys of {@code settings} give, with the snapshot threshold
     * {@code snapshotThresholdBytes}.
     *
     * @throws ConfigException when values clash (heartbeats not more often than elections, lease reads without
     *                         check-quorum)
     */
    static RaftConfig raft(Settings settings, long snapshotThresholdBytes) {
        try {
            return RaftConfig.builder()
                    .tick(settings.get(RaftKeys.TICK))
                    .electionTicks(settings.get(RaftKeys.ELECTION_TICKS))
                    .heartbeatTicks(settings.get(RaftKeys.HEARTBEAT_TICKS))
                    .preVote(settings.get(RaftKeys.PRE_VOTE))
                    .checkQuorum(settings.get(RaftKeys.CHECK_QUORUM))
                    .maxInflightAppends(settings.get(RaftKeys.MAX_INFLIGHT_APPENDS))
                    .maxInflightBytes(settings.get(RaftKeys.MAX_INFLIGHT_BYTES))
                    .maxAppendBytes(settings.get(RaftKeys.MAX_APPEND_BYTES))
                    .maxEntryCacheBytes(settings.get(RaftKeys.MAX_ENTRY_CACHE_BYTES))
                    .maxPendingProposals(settings.get(RaftKeys.MAX_PENDING_PROPOSALS))
                    .snapshotChunkBytes(Math.toIntExact(settings.get(RaftKeys.SNAPSHOT_CHUNK_BYTES)))
                    .snapshotThresholdBytes(snapshotThresholdBytes)
                    .requestTimeout(settings.get(RaftKeys.REQUEST_TIMEOUT))
                    .maxPromotionLag(settings.get(RaftKeys.MAX_PROMOTION_LAG))
                    .leaseRead(settings.get(RaftKeys.LEASE_READ))
                    .leaseMaxDrift(settings.get(RaftKeys.LEASE_MAX_DRIFT_PERCENT) / 100.0)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad raft settings: " + e.getMessage() + " (raft.election-ticks must be "
                    + "greater than raft.heartbeat-ticks; raft.lease-read needs raft.check-quorum)", e);
        }
    }

    /** The key and value limits the {@code kv.*} keys of {@code settings} give. */
    static KvLimits limits(Settings settings) {
        return new KvLimits(Math.toIntExact(settings.get(MAX_KEY)), Math.toIntExact(settings.get(MAX_VALUE)));
    }
}

package io.eraft.shardkv.kv;

import io.eraft.api.metrics.Metrics;
import io.eraft.api.codec.Codec;
import io.eraft.api.codec.Codecs;
import io.eraft.api.log.LogStore;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.space.FreeSpace;
import io.eraft.shardkv.space.SpaceSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Everything needed to start one {@link KvServer}. The transport, log and store are opened by the caller, which
 * also closes them after the server.
 *
 * @param groupId    the Raft group; clients reach it on transport channel {@code "kv/" + groupId}
 * @param self       this server
 * @param members    every server of the group, {@code self} included
 * @param raftConfig Raft timing and limits, including the snapshot threshold (log bytes)
 * @param transport  this node's transport
 * @param log        this server's Raft log, open
 * @param store      this server's state machine store, open
 * @param codec      encodes log commands and snapshots
 * @param workDir    a directory of this server's own, for received snapshot chunks
 * @param nanoClock  the monotonic clock Raft uses
 * @param randomSeed seeds Raft's random choices
 * @param limits     key and value size limits; they must fit {@code raftConfig.maxAppendBytes()}
 *                   ({@link KvLimits#requireFits}), or the server refuses to start
 * @param sessions   when idle client sessions expire
 * @param space      when the server raises its space alarm ({@link io.eraft.shardkv.space.SpaceMonitor})
 * @param freeSpace  the free space of the server's data directory (the space alarm watches it)
 * @param joining    a new, empty server joining an existing group ({@code members} are the group's servers it
 *                   knows): it waits outside the configuration until the leader adds it as a learner
 *                   ({@link io.eraft.api.raft.RaftNodeSpec#joining()}); ignored once its log holds a configuration
 * @param metrics    where the server and its Raft member record what they do; the caller labels it (group, node).
 *                   {@link Metrics#NOOP} by default
 */
public record KvServerSpec(String groupId, NodeId self, List<NodeId> members, RaftConfig raftConfig,
                           Transport transport, LogStore log, StateMachineStore store, Codec codec, Path workDir,
                           LongSupplier nanoClock, long randomSeed, KvLimits limits, SessionPolicy sessions,
                           SpaceSettings space, FreeSpace freeSpace, boolean joining, Metrics metrics) {

    /** A server that records no metrics. */
    public KvServerSpec(String groupId, NodeId self, List<NodeId> members, RaftConfig raftConfig,
                        Transport transport, LogStore log, StateMachineStore store, Codec codec, Path workDir,
                        LongSupplier nanoClock, long randomSeed, KvLimits limits, SessionPolicy sessions,
                        SpaceSettings space, FreeSpace freeSpace, boolean joining) {
        this(groupId, self, members, raftConfig, transport, log, store, codec, workDir, nanoClock, randomSeed, limits,
                sessions, space, freeSpace, joining, Metrics.NOOP);
    }

    /** A server of the group's initial configuration (not joining). */
    public KvServerSpec(String groupId, NodeId self, List<NodeId> members, RaftConfig raftConfig,
                        Transport transport, LogStore log, StateMachineStore store, Codec codec, Path workDir,
                        LongSupplier nanoClock, long randomSeed, KvLimits limits, SessionPolicy sessions,
                        SpaceSettings space, FreeSpace freeSpace) {
        this(groupId, self, members, raftConfig, transport, log, store, codec, workDir, nanoClock, randomSeed, limits,
                sessions, space, freeSpace, false);
    }

    public KvServerSpec {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(self, "self");
        members = List.copyOf(members);
        Objects.requireNonNull(raftConfig, "raftConfig");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(freeSpace, "freeSpace");
        Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * A spec with the default codec ({@code protobuf}), the system clock, {@link KvLimits#DEFAULT},
     * {@link SessionPolicy#DEFAULT} and {@link SpaceSettings#DEFAULT} watching the file system of {@code workDir}
     * (give it a directory inside the data directory, or set the data directory with {@link #withSpace}).
     */
    public static KvServerSpec of(String groupId, NodeId self, List<NodeId> members, RaftConfig raftConfig,
                                  Transport transport, LogStore log, StateMachineStore store, Path workDir,
                                  long randomSeed) {
        return new KvServerSpec(groupId, self, members, raftConfig, transport, log, store, Codecs.defaultCodec(),
                workDir, System::nanoTime, randomSeed, KvLimits.DEFAULT, SessionPolicy.DEFAULT, SpaceSettings.DEFAULT,
                FreeSpace.of(workDir));
    }

    public KvServerSpec withLimits(KvLimits newLimits) {
        return new KvServerSpec(groupId, self, members, raftConfig, transport, log, store, codec, workDir, nanoClock,
                randomSeed, newLimits, sessions, space, freeSpace, joining, metrics);
    }

    public KvServerSpec withSessions(SessionPolicy newSessions) {
        return new KvServerSpec(groupId, self, members, raftConfig, transport, log, store, codec, workDir, nanoClock,
                randomSeed, limits, newSessions, space, freeSpace, joining, metrics);
    }

    /** The same spec with space alarm {@code settings}, watching {@code free} (e.g. {@code FreeSpace.of(dataDir)}). */
    public KvServerSpec withSpace(SpaceSettings settings, FreeSpace free) {
        return new KvServerSpec(groupId, self, members, raftConfig, transport, log, store, codec, workDir, nanoClock,
                randomSeed, limits, sessions, settings, free, joining, metrics);
    }

    /**
     * This spec for a new, empty server that joins the existing group whose servers are {@code members}: it waits
     * for the leader to add it ({@code eraft member add}), then catches up as a learner.
     */
    public KvServerSpec asJoining() {
        return new KvServerSpec(groupId, self, members, raftConfig, transport, log, store, codec, workDir, nanoClock,
                randomSeed, limits, sessions, space, freeSpace, true, metrics);
    }

    /** This spec, recording to {@code metrics} (labelled by the caller with the group and node). */
    public KvServerSpec withMetrics(Metrics newMetrics) {
        return new KvServerSpec(groupId, self, members, raftConfig, transport, log, store, codec, workDir, nanoClock,
                randomSeed, limits, sessions, space, freeSpace, joining, newMetrics);
    }
}

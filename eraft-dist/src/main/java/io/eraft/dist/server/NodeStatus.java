package io.eraft.dist.server;

import io.eraft.api.raft.Role;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a server reports on its admin status channel: who it is, its Raft state and how much disk it uses.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param id           the node
 * @param group        the KV group it serves
 * @param address      the address its peers reach it at
 * @param role         its Raft role
 * @param term         its current term
 * @param leader       the leader it knows of, or empty
 * @param commitIndex  the highest log index it knows committed
 * @param appliedIndex the highest log index applied to its store
 * @param lastLogIndex the last index in its log
 * @param snapshotIndex the last index its latest snapshot covers (its log starts after it); 0 before any
 * @param logBytes     bytes its Raft log occupies
 * @param store        its store provider
 * @param storeBytes   bytes its store occupies (an estimate)
 * @param kind         what the server runs: a plain KV group, a shard group or the controller
 * @param configNum    a shard server: the configuration its group has applied; a controller: the latest
 *                     configuration it knows; 0 for a KV server
 * @param shards       a shard server: the phase of every shard its group holds data of (SERVING, PULLING,
 *                     BEING_PULLED, GC_PENDING), by shard number; empty for other kinds
 * @param cluster      the id of the cluster the node belongs to ({@link io.eraft.api.cluster.ClusterId} text), or
 *                     empty when a server of an older version did not say
 * @param failure      why the node's Raft member stopped itself (role {@link Role#FAILED}), or empty while healthy
 * @param recovering   the node lost log entries to damage and does not vote until its leader has given them back
 * @param alarm        why the node's space alarm is raised (it refuses writes that add data; reads and deletes are
 *                     served), or empty when it is not
 * @param member       its place in the configuration it knows: voter, learner, "not a member", or empty when a
 *                     server of an older version did not say
 * @param configIndex  the log index of the configuration it knows (0 when not said)
 * @param kvOps        KV requests it served since it started (0 when not measured or not said)
 * @param kvP99Micros  99th percentile of its KV request latency over the last few seconds, in microseconds (0 when
 *                     none was served, not measured or not said)
 * @param fsyncP99Micros 99th percentile of its log's fsync duration over the last few seconds, in microseconds (0
 *                     when there was none, not measured or not said)
 */
public record NodeStatus(String id, String group, String address, Role role, long term, String leader,
                         long commitIndex, long appliedIndex, long lastLogIndex, long snapshotIndex, long logBytes,
                         String store, long storeBytes, ServerRole kind, long configNum,
                         SortedMap<Integer, String> shards, String cluster, String failure, boolean recovering,
                         String alarm, String member, long configIndex, long kvOps, long kvP99Micros,
                         long fsyncP99Micros) {

    /** A status without live figures (a server that does not measure them, or of an older version). */
    public NodeStatus(String id, String group, String address, Role role, long term, String leader,
                      long commitIndex, long appliedIndex, long lastLogIndex, long snapshotIndex, long logBytes,
                      String store, long storeBytes, ServerRole kind, long configNum,
                      SortedMap<Integer, String> shards, String cluster, String failure, boolean recovering,
                      String alarm, String member, long configIndex) {
        this(id, group, address, role, term, leader, commitIndex, appliedIndex, lastLogIndex, snapshotIndex, logBytes,
                store, storeBytes, kind, configNum, shards, cluster, failure, recovering, alarm, member, configIndex,
                0, 0, 0);
    }

    /** A status that does not say the node's place in the configuration (a server before membership changes). */
    public NodeStatus(String id, String group, String address, Role role, long term, String leader,
                      long commitIndex, long appliedIndex, long lastLogIndex, long snapshotIndex, long logBytes,
                      String store, long storeBytes, ServerRole kind, long configNum,
                      SortedMap<Integer, String> shards, String cluster, String failure, boolean recovering,
                      String alarm) {
        this(id, group, address, role, term, leader, commitIndex, appliedIndex, lastLogIndex, snapshotIndex, logBytes,
                store, storeBytes, kind, configNum, shards, cluster, failure, recovering, alarm, "", 0);
    }
    /** The status of a plain KV server. */
    public NodeStatus(String id, String group, String address, Role role, long term, String leader,
                      long commitIndex, long appliedIndex, long lastLogIndex, long snapshotIndex, long logBytes,
                      String store, long storeBytes) {
        this(id, group, address, role, term, leader, commitIndex, appliedIndex, lastLogIndex, snapshotIndex, logBytes,
                store, storeBytes, ServerRole.KV, 0, new TreeMap<>());
    }

    /** The status of a healthy server of any kind whose cluster is not known. */
    public NodeStatus(String id, String group, String address, Role role, long term, String leader,
                      long commitIndex, long appliedIndex, long lastLogIndex, long snapshotIndex, long logBytes,
                      String store, long storeBytes, ServerRole kind, long configNum,
                      SortedMap<Integer, String> shards) {
        this(id, group, address, role, term, leader, commitIndex, appliedIndex, lastLogIndex, snapshotIndex, logBytes,
                store, storeBytes, kind, configNum, shards, "", "", false, "");
    }

    public NodeStatus {
        Objects.requireNonNull(kind, "kind");
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(member, "member");
    }

    /** This status with the node's live figures (see {@link #kvOps()}, {@link #kvP99Micros()}, ...). */
    public NodeStatus withFigures(long kvOps, long kvP99Micros, long fsyncP99Micros) {
        return new NodeStatus(id, group, address, role, term, leader, commitIndex, appliedIndex, lastLogIndex,
                snapshotIndex, logBytes, store, storeBytes, kind, configNum, shards, cluster, failure, recovering,
                alarm, member, configIndex, kvOps, kvP99Micros, fsyncP99Micros);
    }

    /** Whether the node's member stopped itself ({@link #failure()} says why). */
    public boolean failed() {
        return role == Role.FAILED || !failure.isEmpty();
    }
}

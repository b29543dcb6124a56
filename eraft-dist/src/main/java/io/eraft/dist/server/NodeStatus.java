package io.eraft.dist.server;

import io.eraft.api.raft.Role;

import java.util.Objects;

/**
 * What a server reports on its admin status channel: who it is, its Raft state and how much disk it uses.
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
 */
public record NodeStatus(String id, String group, String address, Role role, long term, String leader,
                         long commitIndex, long appliedIndex, long lastLogIndex, long snapshotIndex, long logBytes,
                         String store,
                         long storeBytes) {
    public NodeStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(store, "store");
    }
}

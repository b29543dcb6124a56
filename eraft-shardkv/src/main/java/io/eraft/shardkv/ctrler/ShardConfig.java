package io.eraft.shardkv.ctrler;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.proto.ConfigRecord;
import io.eraft.shardkv.proto.GroupServers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One numbered configuration of a sharded cluster: the group that owns each shard and the servers of every group.
 * Configuration 0 has no groups and every shard unassigned. Immutable.
 *
 * @param num    the configuration number, from 0
 * @param owners one entry per shard: the owning group's id, or {@link #UNASSIGNED}
 * @param groups every group's servers, sorted by group id
 */
public record ShardConfig(long num, List<String> owners, SortedMap<String, List<NodeId>> groups) {
    /** The owner of a shard that no group serves (only when there are no groups). */
    public static final String UNASSIGNED = "";

    public ShardConfig {
        if (num < 0) {
            throw new IllegalArgumentException("configuration numbers start at 0: " + num);
        }
        owners = List.copyOf(owners);
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs at least one shard");
        }
        TreeMap<String, List<NodeId>> copy = new TreeMap<>();
        groups.forEach((g, servers) -> copy.put(Objects.requireNonNull(g, "group id"), List.copyOf(servers)));
        groups = Collections.unmodifiableSortedMap(copy);
        for (int shard = 0; shard < owners.size(); shard++) {
            String owner = owners.get(shard);
            if (!owner.equals(UNASSIGNED) && !copy.containsKey(owner)) {
                throw new IllegalArgumentException("shard " + shard + " belongs to group '" + owner
                        + "', which is not in the configuration " + copy.keySet());
            }
        }
    }

    /** Configuration 0 of a cluster of {@code shardCount} shards: no groups, no shard assigned. */
    public static ShardConfig initial(int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("a cluster needs at least one shard: " + shardCount);
        }
        return new ShardConfig(0, Collections.nCopies(shardCount, UNASSIGNED), new TreeMap<>());
    }

    public int shardCount() {
        return owners.size();
    }

    /** The group owning {@code shard}, or {@link #UNASSIGNED}. */
    public String owner(int shard) {
        return owners.get(shard);
    }

    /** The shards group {@code groupId} owns, ascending. */
    public List<Integer> shardsOf(String groupId) {
        List<Integer> shards = new ArrayList<>();
        for (int s = 0; s < owners.size(); s++) {
            if (owners.get(s).equals(groupId)) {
                shards.add(s);
            }
        }
        return shards;
    }

    /** The next configuration: number {@code num + 1} with the given owners and groups. */
    ShardConfig next(List<String> newOwners, Map<String, List<NodeId>> newGroups) {
        return new ShardConfig(num + 1, newOwners, new TreeMap<>(newGroups));
    }

    /**
     * This configuration as its protobuf record.
     * <p>Internal: the record's type is in an unexported package; this is the replicas' wire form, not API.
     */
    public ConfigRecord toRecord() {
        ConfigRecord.Builder b = ConfigRecord.newBuilder().setNum(num).addAllShardOwner(owners);
        groups.forEach((g, servers) -> b.addGroups(GroupServers.newBuilder().setGroupId(g)
                .addAllServers(servers.stream().map(NodeId::value).toList())));
        return b.build();
    }

    /**
     * The configuration a record holds.
     * <p>Internal: the record's type is in an unexported package; this is the replicas' wire form, not API.
     */
    public static ShardConfig fromRecord(ConfigRecord r) {
        TreeMap<String, List<NodeId>> groups = new TreeMap<>();
        for (GroupServers g : r.getGroupsList()) {
            groups.put(g.getGroupId(), g.getServersList().stream().map(NodeId::of).toList());
        }
        return new ShardConfig(r.getNum(), r.getShardOwnerList(), groups);
    }

    /** Decodes a stored configuration record. @throws StoreCorruptedException when it is not one */
    static ShardConfig decode(byte[] bytes) {
        try {
            return fromRecord(ConfigRecord.parseFrom(bytes));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new StoreCorruptedException("a stored shard configuration (" + bytes.length
                    + " bytes) cannot be decoded: " + e.getMessage(), e);
        }
    }
}

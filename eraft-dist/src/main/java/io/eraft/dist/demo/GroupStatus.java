package io.eraft.dist.demo;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One group of a {@link LocalShardedCluster} as its leader reports it: the configuration it has applied and the
 * phase of every shard it holds data of.
 *
 * @param group     the group id (the controller's cluster name for the controllers)
 * @param leader    the leader's node id, or null while the group has none
 * @param term      the leader's term (0 without a leader)
 * @param configNum the configuration the group applied (the controllers: the latest); -1 without a leader
 * @param shards    shard number to phase ({@code SERVING}, {@code PULLING}, {@code BEING_PULLED},
 *                  {@code GC_PENDING}); empty without a leader and for the controllers
 */
record GroupStatus(String group, String leader, long term, long configNum, SortedMap<Integer, String> shards) {
    /** The phase of a shard that is owned, complete and served. */
    public static final String SERVING = "SERVING";

    public GroupStatus {
        Objects.requireNonNull(group, "group");
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
    }

    /** A group without a leader. */
    static GroupStatus leaderless(String group) {
        return new GroupStatus(group, null, 0, -1, new TreeMap<>());
    }

    /** Whether the group has applied configuration {@code num} (or a later one) and every shard it holds serves. */
    public boolean settledAt(long num) {
        return leader != null && configNum >= num && shards.values().stream().allMatch(SERVING::equals);
    }

    /** How many shards it holds in each phase, phases in name order. */
    public SortedMap<String, Long> countByPhase() {
        return shards.values().stream().collect(Collectors.groupingBy(p -> p, TreeMap::new, Collectors.counting()));
    }

    /** E.g. {@code "g3: 5 shards, 2 PULLING"} (phases other than SERVING are counted), or "g3: no leader". */
    public String describe() {
        if (leader == null) {
            return group + ": no leader";
        }
        StringBuilder b = new StringBuilder(group).append(": ").append(shards.size())
                .append(shards.size() == 1 ? " shard" : " shards");
        for (Map.Entry<String, Long> e : countByPhase().entrySet()) {
            if (!e.getKey().equals(SERVING)) {
                b.append(", ").append(e.getValue()).append(' ').append(e.getKey());
            }
        }
        return b.toString();
    }
}

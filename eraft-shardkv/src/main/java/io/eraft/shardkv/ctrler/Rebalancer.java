package io.eraft.shardkv.ctrler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Assigns shards to groups after a Join or Leave, deterministically (the result depends only on the arguments, so
 * every replica computes the same one) and with the fewest moves that leave max − min ≤ 1 shards per group.
 *
 * <p>How: with n shards and g groups each group gets ⌊n/g⌋ shards and n mod g groups one more; the groups that hold
 * the most shards now (ties: the smaller group id) get the extra ones, so no group both gives and takes. Shards of
 * groups that left, unassigned shards, and each over-full group's highest-numbered surplus shards are then handed, in
 * ascending shard order, to the under-full groups in ascending group id order. Every moved shard is either ownerless
 * or surplus, so the number moved is the minimum.
 */
final class Rebalancer {
    private Rebalancer() {
    }

    /**
     * The new owner of every shard.
     *
     * @param owners the current owners, one per shard ({@link ShardConfig#UNASSIGNED} or a group id)
     * @param groups the groups of the new configuration
     * @return the new owners; all {@link ShardConfig#UNASSIGNED} when {@code groups} is empty
     */
    static List<String> rebalance(List<String> owners, Collection<String> groups) {
        int n = owners.size();
        List<String> result = new ArrayList<>(owners);
        TreeSet<String> live = new TreeSet<>(groups);
        if (live.isEmpty()) {
            result.replaceAll(o -> ShardConfig.UNASSIGNED);
            return result;
        }
        Map<String, List<Integer>> held = new HashMap<>();
        live.forEach(g -> held.put(g, new ArrayList<>()));
        TreeSet<Integer> free = new TreeSet<>();
        for (int s = 0; s < n; s++) {
            List<Integer> list = held.get(owners.get(s));
            if (list == null) {
                free.add(s);
            } else {
                list.add(s);
            }
        }
        Map<String, Integer> target = targets(n, live, held);
        for (String g : live) {
            List<Integer> shards = held.get(g);
            while (shards.size() > target.get(g)) {
                free.add(shards.remove(shards.size() - 1));
            }
        }
        Deque<Integer> toAssign = new ArrayDeque<>(free);
        for (String g : live) {
            for (int have = held.get(g).size(); have < target.get(g); have++) {
                result.set(toAssign.removeFirst(), g);
            }
        }
        return result;
    }

    /** How many shards each group should hold: ⌊n/g⌋, plus one for the n mod g groups holding the most now. */
    private static Map<String, Integer> targets(int n, TreeSet<String> live, Map<String, List<Integer>> held) {
        int base = n / live.size();
        int extra = n % live.size();
        List<String> order = new ArrayList<>(live);
        order.sort(Comparator.<String>comparingInt(g -> held.get(g).size()).reversed()
                .thenComparing(Comparator.naturalOrder()));
        Map<String, Integer> target = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            target.put(order.get(i), base + (i < extra ? 1 : 0));
        }
        return target;
    }
}

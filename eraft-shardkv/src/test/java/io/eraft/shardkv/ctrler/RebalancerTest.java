package io.eraft.shardkv.ctrler;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RebalancerTest {
    @Test
    void firstJoinGivesEveryShardToTheOnlyGroup() {
        List<String> owners = Rebalancer.rebalance(Collections.nCopies(16, ShardConfig.UNASSIGNED), List.of("a"));
        assertEquals(Collections.nCopies(16, "a"), owners);
    }

    @Test
    void lastLeaveUnassignsEveryShard() {
        List<String> owners = Rebalancer.rebalance(Collections.nCopies(5, "a"), List.of());
        assertEquals(Collections.nCopies(5, ShardConfig.UNASSIGNED), owners);
    }

    @Test
    void secondJoinMovesExactlyHalfTheShards() {
        List<String> before = Collections.nCopies(16, "a");
        List<String> after = Rebalancer.rebalance(before, List.of("a", "b"));
        assertEquals(8, moved(before, after));
        assertEquals(8, Collections.frequency(after, "b"));
    }

    @Test
    void moreGroupsThanShardsGivesOneShardToSomeGroupsAndNoneToOthers() {
        List<String> after = Rebalancer.rebalance(List.of("a", "a"), List.of("a", "b", "c"));
        Map<String, Integer> counts = counts(after, List.of("a", "b", "c"));
        assertEquals(1, counts.get("a"), "a keeps one of its shards: " + after);
        assertEquals(1, counts.get("b") + counts.get("c"), "one shard moves: " + after);
    }

    @Test
    void randomJoinsAndLeavesStayBalancedMoveTheFewestShardsAndAreDeterministic() {
        Random random = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int shards = 1 + random.nextInt(40);
            List<String> owners = new ArrayList<>(Collections.nCopies(shards, ShardConfig.UNASSIGNED));
            TreeSet<String> groups = new TreeSet<>();
            for (int step = 0; step < 12; step++) {
                TreeSet<String> next = new TreeSet<>(groups);
                if (next.isEmpty() || random.nextBoolean()) {
                    for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                        next.add("g" + random.nextInt(60));
                    }
                } else {
                    List<String> current = new ArrayList<>(next);
                    next.remove(current.get(random.nextInt(current.size())));
                }
                List<String> after = Rebalancer.rebalance(owners, next);
                List<String> reversed = new ArrayList<>(next);
                Collections.reverse(reversed);
                assertEquals(after, Rebalancer.rebalance(owners, reversed),
                        "the result must not depend on the order groups are given in");
                if (!next.isEmpty()) {
                    Map<String, Integer> counts = counts(after, next);
                    int max = Collections.max(counts.values());
                    int min = Collections.min(counts.values());
                    assertTrue(max - min <= 1, "unbalanced " + counts + " for " + shards + " shards");
                    assertEquals(minimumMoves(owners, next), moved(owners, after),
                            "moves from " + owners + " to " + after);
                }
                owners = after;
                groups = next;
            }
        }
    }

    /**
     * The fewest shards any balanced assignment must move: every shard without a live owner, plus every shard a
     * group holds beyond what it may keep (⌊n/g⌋, or one more for the n mod g groups best placed to keep it).
     */
    private static int minimumMoves(List<String> owners, TreeSet<String> groups) {
        int n = owners.size();
        int base = n / groups.size();
        int extra = n % groups.size();
        List<Integer> held = new ArrayList<>();
        int orphaned = 0;
        for (String o : owners) {
            if (!groups.contains(o)) {
                orphaned++;
            }
        }
        for (String g : groups) {
            held.add(Collections.frequency(owners, g));
        }
        held.sort(Collections.reverseOrder());
        int surplus = 0;
        for (int i = 0; i < held.size(); i++) {
            surplus += Math.max(0, held.get(i) - (base + (i < extra ? 1 : 0)));
        }
        return orphaned + surplus;
    }

    private static int moved(List<String> before, List<String> after) {
        int moved = 0;
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                moved++;
            }
        }
        return moved;
    }

    private static Map<String, Integer> counts(List<String> owners, Iterable<String> groups) {
        Map<String, Integer> counts = new HashMap<>();
        groups.forEach(g -> counts.put(g, Collections.frequency(owners, g)));
        return counts;
    }
}

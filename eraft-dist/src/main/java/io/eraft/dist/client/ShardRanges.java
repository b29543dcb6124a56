package io.eraft.dist.client;

import java.util.Collection;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Writes a set of shard numbers compactly, as runs: {@code 0-3,8,10-11}; {@code none} for no shard.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ShardRanges {
    private ShardRanges() {
    }

    public static String format(Collection<Integer> shards) {
        TreeSet<Integer> sorted = new TreeSet<>(shards);
        if (sorted.isEmpty()) {
            return "none";
        }
        StringJoiner out = new StringJoiner(",");
        Integer start = null;
        int previous = 0;
        for (int s : sorted) {
            if (start != null && s == previous + 1) {
                previous = s;
                continue;
            }
            if (start != null) {
                out.add(run(start, previous));
            }
            start = s;
            previous = s;
        }
        out.add(run(start, previous));
        return out.toString();
    }

    private static String run(int first, int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}

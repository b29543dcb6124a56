package io.eraft.shardkv.linearizability;

import io.eraft.api.store.Keys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Explains why one key's operations are not linearizable: the longest linearizable prefix the search found, and
 * the operations that could not be placed after it (those invoked before the earliest reply still unplaced).
 */
final class ViolationReport {
    /** At most this many operations of the prefix are printed: the last ones, where it goes wrong. */
    static final int PREFIX_LINES = 10;
    /** At most this many unplaceable operations are printed. */
    static final int BLOCKED_LINES = 8;

    private ViolationReport() {
    }

    static String explain(byte[] key, List<Operation> ops, KeyModel model, int[] prefix, long originNanos) {
        StringBuilder sb = new StringBuilder();
        sb.append("key ").append(Keys.printable(key)).append(" is not linearizable: no order of its ")
                .append(ops.size()).append(" operations agrees with both their real-time order and a sequential"
                        + " key-value store.\n");
        int state = KeyModel.ABSENT;
        boolean[] placed = new boolean[ops.size()];
        for (int op : prefix) {
            state = model.step(op, state);
            placed[op] = true;
        }
        if (prefix.length == 0) {
            sb.append("Longest linearizable prefix: none (the key starts absent).\n");
        } else {
            sb.append("Longest linearizable prefix: ").append(prefix.length).append(" of ").append(ops.size())
                    .append(" operations, leaving the value ").append(OperationFormat.quoted(model.value(state)))
                    .append(":\n");
            int from = Math.max(0, prefix.length - PREFIX_LINES);
            if (from > 0) {
                sb.append("  ... (").append(from).append(" earlier operations)\n");
            }
            for (int i = from; i < prefix.length; i++) {
                sb.append("  ").append(OperationFormat.describe(ops.get(prefix[i]), originNanos)).append('\n');
            }
        }
        List<Integer> blocked = blocked(ops, placed);
        sb.append("Could not be placed next:\n");
        for (int i = 0; i < Math.min(blocked.size(), BLOCKED_LINES); i++) {
            int op = blocked.get(i);
            sb.append("  ").append(OperationFormat.describe(ops.get(op), originNanos)).append(" -- ")
                    .append(model.whyNotNext(op, state)).append('\n');
        }
        if (blocked.size() > BLOCKED_LINES) {
            sb.append("  ... and ").append(blocked.size() - BLOCKED_LINES).append(" more\n");
        }
        return sb.toString().stripTrailing();
    }

    /** The unplaced completed operations invoked no later than the earliest unplaced reply, by invocation. */
    private static List<Integer> blocked(List<Operation> ops, boolean[] placed) {
        long earliestReturn = Long.MAX_VALUE;
        for (int i = 0; i < ops.size(); i++) {
            if (!placed[i] && ops.get(i).completed()) {
                earliestReturn = Math.min(earliestReturn, ops.get(i).returnNanos());
            }
        }
        List<Integer> blocked = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            if (!placed[i] && op.completed() && op.invokeNanos() <= earliestReturn) {
                blocked.add(i);
            }
        }
        blocked.sort(Comparator.comparingLong((Integer i) -> ops.get(i).invokeNanos()).thenComparing(i -> i));
        return blocked;
    }
}

package io.eraft.shardkv.linearizability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reference checker for tiny histories: tries every order of the operations that respects real time (an
 * operation precedes another when it returned strictly before the other was invoked), against one store holding
 * every key. Unknown-outcome operations may be left out; unknown GETs are ignored.
 */
final class BruteForceChecker {
    private BruteForceChecker() {
    }

    static boolean linearizable(List<Operation> history) {
        if (history.size() > 12) {
            throw new IllegalArgumentException("brute force is for tiny histories, got " + history.size());
        }
        List<Operation> ops = history.stream().filter(op -> op.completed() || op.kind() != OpKind.GET).toList();
        return search(ops, (1 << ops.size()) - 1, new HashMap<>());
    }

    private static boolean search(List<Operation> ops, int remaining, Map<String, byte[]> store) {
        boolean onlyUnknownLeft = true;
        for (int i = 0; i < ops.size(); i++) {
            if ((remaining & (1 << i)) != 0 && ops.get(i).completed()) {
                onlyUnknownLeft = false;
            }
        }
        if (onlyUnknownLeft) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if ((remaining & (1 << i)) == 0 || mustWait(ops, remaining, i)) {
                continue;
            }
            Map<String, byte[]> next = apply(ops.get(i), store);
            if (next != null && search(ops, remaining & ~(1 << i), next)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mustWait(List<Operation> ops, int remaining, int i) {
        for (int j = 0; j < ops.size(); j++) {
            if (j != i && (remaining & (1 << j)) != 0 && ops.get(j).returnNanos() < ops.get(i).invokeNanos()) {
                return true;
            }
        }
        return false;
    }

    /** The store after {@code op}, or null when its recorded outcome is impossible in {@code store}. */
    private static Map<String, byte[]> apply(Operation op, Map<String, byte[]> store) {
        String key = new String(op.key(), StandardCharsets.ISO_8859_1);
        byte[] current = store.get(key);
        Map<String, byte[]> next = new HashMap<>(store);
        switch (op.kind()) {
            case GET -> {
                return Arrays.equals(current, op.output()) ? next : null;
            }
            case PUT -> next.put(key, op.value());
            case APPEND -> next.put(key, RegisterSimulation.concat(current, op.value()));
            case DELETE -> next.remove(key);
            case CAS -> {
                boolean matches = Arrays.equals(current, op.expected());
                if (op.completed() && matches != op.casApplied()) {
                    return null;
                }
                if (matches) {
                    next.put(key, op.value());
                }
            }
            default -> throw new AssertionError(op.kind());
        }
        return next;
    }
}

package io.eraft.shardkv.linearizability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates linearizable histories by simulating a real key-value store: each client runs one operation at a time
 * with random timing, every operation takes effect at a random instant inside its interval, and outputs come from
 * applying the operations in the order of those instants. Unknown-outcome operations take effect (or not) at a
 * random instant after their invocation, possibly after their client has moved on.
 */
final class RegisterSimulation {
    /** The shape of a generated history. */
    record Shape(int operations, int keys, int clients, double unknownRate, int maxGapNanos, int maxDurationNanos,
                 int valueChoices) {
    }

    private record Planned(int client, OpKind kind, int key, long invoke, long effect, long ret, boolean unknown,
                           boolean takesEffect) {
    }

    private RegisterSimulation() {
    }

    static List<Operation> generate(long seed, Shape shape) {
        Random random = new Random(seed);
        Planned[] plan = plan(random, shape);
        Operation[] ops = new Operation[plan.length];
        Integer[] byEffect = new Integer[plan.length];
        for (int i = 0; i < plan.length; i++) {
            byEffect[i] = i;
        }
        Arrays.sort(byEffect, Comparator.comparingLong((Integer i) -> plan[i].effect()).thenComparing(i -> i));
        Map<Integer, byte[]> store = new HashMap<>();
        for (int i : byEffect) {
            ops[i] = run(i, plan[i], store, random, shape);
        }
        return List.of(ops);
    }

    private static Planned[] plan(Random random, Shape shape) {
        long[] free = new long[shape.clients()];
        Planned[] plan = new Planned[shape.operations()];
        OpKind[] kinds = {OpKind.GET, OpKind.GET, OpKind.GET, OpKind.GET, OpKind.PUT, OpKind.PUT, OpKind.APPEND,
                          OpKind.APPEND, OpKind.DELETE, OpKind.CAS, OpKind.CAS};
        for (int i = 0; i < plan.length; i++) {
            int client = random.nextInt(shape.clients());
            long invoke = free[client] + random.nextInt(shape.maxGapNanos() + 1);
            long duration = random.nextInt(shape.maxDurationNanos() + 1);
            boolean unknown = random.nextDouble() < shape.unknownRate();
            long ret = invoke + duration;
            long effect = invoke + (long) (random.nextDouble() * (unknown ? 4 * duration + 1 : duration + 1));
            int key = random.nextBoolean() ? random.nextInt(Math.min(10, shape.keys())) : random.nextInt(shape.keys());
            plan[i] = new Planned(client, kinds[random.nextInt(kinds.length)], key, invoke, effect, ret, unknown,
                    random.nextBoolean());
            free[client] = ret;
        }
        return plan;
    }

    private static Operation run(int id, Planned p, Map<Integer, byte[]> store, Random random, Shape shape) {
        byte[] key = ("k" + p.key()).getBytes(StandardCharsets.UTF_8);
        byte[] current = store.get(p.key());
        byte[] value = p.kind() == OpKind.GET || p.kind() == OpKind.DELETE ? null : randomValue(random, shape);
        byte[] expected = null;
        if (p.kind() == OpKind.CAS && random.nextBoolean()) {
            expected = current;
        } else if (p.kind() == OpKind.CAS) {
            expected = random.nextInt(4) == 0 ? null : randomValue(random, shape);
        }
        boolean effective = !p.unknown() || p.takesEffect();
        boolean applied = false;
        switch (p.kind()) {
            case PUT -> store.put(p.key(), value);
            case APPEND -> store.put(p.key(), concat(current, value));
            case DELETE -> store.remove(p.key());
            case CAS -> {
                applied = Arrays.equals(current, expected);
                if (applied) {
                    store.put(p.key(), value);
                }
            }
            case GET -> { }
            default -> throw new AssertionError(p.kind());
        }
        if (!effective) {
            restore(store, p.key(), current);
        }
        if (p.unknown()) {
            return new Operation(id, p.client(), p.kind(), key, value, expected, p.invoke(),
                    Operation.UNKNOWN_RETURN, null, false, false);
        }
        byte[] output = p.kind() == OpKind.GET ? current : null;
        return new Operation(id, p.client(), p.kind(), key, value, expected, p.invoke(), p.ret(), output, applied,
                true);
    }

    private static void restore(Map<Integer, byte[]> store, int key, byte[] before) {
        if (before == null) {
            store.remove(key);
        } else {
            store.put(key, before);
        }
    }

    private static byte[] randomValue(Random random, Shape shape) {
        return new byte[] {(byte) ('a' + random.nextInt(shape.valueChoices()))};
    }

    static byte[] concat(byte[] current, byte[] suffix) {
        byte[] prefix = current == null ? new byte[0] : current;
        byte[] joined = Arrays.copyOf(prefix, prefix.length + suffix.length);
        System.arraycopy(suffix, 0, joined, prefix.length, suffix.length);
        return joined;
    }

    /** A copy of {@code op} with a different outcome; the times and input stay. */
    static Operation withOutcome(Operation op, byte[] output, boolean casApplied) {
        return new Operation(op.id(), op.clientId(), op.kind(), op.key(), op.value(), op.expected(),
                op.invokeNanos(), op.returnNanos(), output, casApplied, op.completed());
    }

    /** A copy of {@code op} with different times (a completed operation). */
    static Operation withTimes(Operation op, long invoke, long ret) {
        return new Operation(op.id(), op.clientId(), op.kind(), op.key(), op.value(), op.expected(), invoke, ret,
                op.output(), op.casApplied(), op.completed());
    }
}

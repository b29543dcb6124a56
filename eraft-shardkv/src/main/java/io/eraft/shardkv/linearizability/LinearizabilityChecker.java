package io.eraft.shardkv.linearizability;

import io.eraft.api.store.Keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a recorded history of key-value operations is linearizable against a sequential key-value store,
 * in the manner of Porcupine. Keys are independent (linearizability is compositional), so the history is split per
 * key and each key is searched on its own (see {@link KeySearch}), in unsigned key order; the first failing key is
 * reported. The model per key: the state is the value or absent; GET returns it; PUT sets it; APPEND appends to it
 * (absent counts as empty); DELETE removes it; CAS sets it only when it equals the expected value (null: absent)
 * and must report applied exactly then. An unknown-outcome write may take effect at any time after its invocation,
 * or never; an unknown-outcome GET constrains nothing and is dropped. Operations whose intervals touch at one
 * instant count as concurrent.
 */
public final class LinearizabilityChecker {
    /** A key's search gives up (UNKNOWN) when its memo would take more than this share of the maximum heap. */
    private static final int MEMORY_SHARE = 4;
    private static final Comparator<Operation> BY_INVOCATION =
            Comparator.comparingLong(Operation::invokeNanos).thenComparingLong(Operation::id);

    private LinearizabilityChecker() {
    }

    /** Checks a recorder's operations; see {@link #check(List, Duration)}. */
    public static CheckResult check(History history, Duration budget) {
        Objects.requireNonNull(history, "history");
        return check(history.operations(), budget);
    }

    /**
     * Checks {@code history} within {@code budget}. When the budget runs out first, the verdict is
     * {@link CheckResult.Verdict#UNKNOWN}, never a guess; likewise when one key's search memo would outgrow a
     * quarter of the maximum heap.
     *
     * @throws IllegalArgumentException when two operations share an id or the budget is negative
     */
    public static CheckResult check(List<Operation> history, Duration budget) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(budget, "budget");
        Budget clock = new Budget(budget);
        Map<ByteKey, List<Operation>> byKey = partition(history);
        long origin = history.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
        long memoryLimit = Runtime.getRuntime().maxMemory() / MEMORY_SHARE;
        int checked = 0;
        for (Map.Entry<ByteKey, List<Operation>> e : byKey.entrySet()) {
            byte[] key = e.getKey().bytes();
            List<Operation> ops = e.getValue();
            KeyModel model = new KeyModel(ops);
            KeySearch.Outcome outcome = clock.exhausted()
                    ? new KeySearch.Outcome(KeySearch.Status.OUT_OF_TIME, new int[0])
                    : KeySearch.run(model, events(ops), ops.size(), clock, memoryLimit);
            String undecided = "while checking key " + Keys.printable(key) + " after " + checked + " of "
                    + byKey.size() + " keys had been found linearizable; no verdict";
            switch (outcome.status()) {
                case LINEARIZABLE -> checked++;
                case NOT_LINEARIZABLE -> {
                    return new CheckResult(CheckResult.Verdict.NOT_LINEARIZABLE, key,
                            ViolationReport.explain(key, ops, model, outcome.longestPrefix(), origin),
                            checked + 1, clock.elapsed());
                }
                case OUT_OF_TIME -> {
                    return new CheckResult(CheckResult.Verdict.UNKNOWN, key, "the time budget of "
                            + describe(clock.total()) + " ran out " + undecided, checked, clock.elapsed());
                }
                case OUT_OF_MEMORY -> {
                    return new CheckResult(CheckResult.Verdict.UNKNOWN, key, "the search memo outgrew "
                            + memoryLimit / (1024 * 1024) + " MiB (1/" + MEMORY_SHARE + " of the maximum heap) "
                            + undecided, checked, clock.elapsed());
                }
                default -> throw new AssertionError(outcome.status());
            }
        }
        return new CheckResult(CheckResult.Verdict.LINEARIZABLE, null, "all " + byKey.size() + " keys ("
                + history.size() + " operations) are linearizable", checked, clock.elapsed());
    }

    private static String describe(Duration d) {
        return d.compareTo(Duration.ofMillis(1)) >= 0 ? d.toMillis() + " ms" : d.toNanos() + " ns";
    }

    /**
     * Groups the operations by key in unsigned key order, each key's in invocation order, dropping unknown-outcome
     * GETs.
     */
    private static Map<ByteKey, List<Operation>> partition(List<Operation> history) {
        Set<Long> ids = new HashSet<>();
        Map<ByteKey, List<Operation>> byKey = new TreeMap<>();
        for (Operation op : history) {
            Objects.requireNonNull(op, "history contains a null operation");
            if (!ids.add(op.id())) {
                throw new IllegalArgumentException("operation id " + op.id() + " appears more than once");
            }
            List<Operation> ops = byKey.computeIfAbsent(new ByteKey(op.key()), k -> new ArrayList<>());
            if (op.completed() || op.kind() != OpKind.GET) {
                ops.add(op);
            }
        }
        byKey.values().forEach(ops -> ops.sort(BY_INVOCATION));
        return byKey;
    }

    private static EventList events(List<Operation> ops) {
        long[] invoke = new long[ops.size()];
        long[] ret = new long[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            invoke[i] = ops.get(i).invokeNanos();
            ret[i] = ops.get(i).returnNanos();
        }
        return new EventList(invoke, ret);
    }
}

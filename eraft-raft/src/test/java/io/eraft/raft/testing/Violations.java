package io.eraft.raft.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The safety violations seen in one cluster, in the order they were found. Checks running on Raft's threads report
 * here instead of throwing (a throw there would only hide the problem); the test thread then fails on the first one.
 */
public final class Violations {
    private static final int KEEP = 20;
    private final List<String> found = new ArrayList<>();
    private int count;

    /** Records a violation. */
    public synchronized void report(String violation) {
        count++;
        if (found.size() < KEEP) {
            found.add(violation);
        }
    }

    /** The first violation found, if any. */
    public synchronized Optional<String> first() {
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Up to the first 20 violations. */
    public synchronized List<String> list() {
        return List.copyOf(found);
    }

    /** How many violations were reported. */
    public synchronized int count() {
        return count;
    }
}

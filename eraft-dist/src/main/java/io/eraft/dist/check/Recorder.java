package io.eraft.dist.check;

import io.eraft.shardkv.linearizability.OpKind;
import io.eraft.shardkv.linearizability.Operation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A thread-safe record of every operation of a check: invoked, then {@code ok} (with its result), {@code fail} (a
 * definite failure: it did not apply and never will) or {@code info} (indeterminate: it may have applied once, at any
 * time after its invocation). The checker sees the ok and info operations; a failed one had no effect.
 */
final class Recorder {
    /** How an operation ended. */
    enum Outcome { PENDING, OK, FAIL, INFO }

    /** One recorded operation. */
    record Entry(long id, int client, OpKind kind, byte[] key, byte[] value, byte[] expected, long invokeNanos,
                 long returnNanos, Outcome outcome, byte[] output, boolean applied, String note) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Records an invocation now; returns its id. */
    synchronized long invoke(int client, OpKind kind, byte[] key, byte[] value, byte[] expected) {
        long id = entries.size();
        entries.add(new Entry(id, client, kind, key, value, expected, System.nanoTime(), Long.MAX_VALUE,
                Outcome.PENDING, null, false, null));
        return id;
    }

    /** The reply: the value a get returned (null = absent), whether a cas applied. */
    synchronized void ok(long id, byte[] output, boolean applied) {
        end(id, Outcome.OK, System.nanoTime(), output, applied, null);
    }

    /** A definite failure: the operation did not apply. */
    synchronized void fail(long id, String reason) {
        end(id, Outcome.FAIL, System.nanoTime(), null, false, reason);
    }

    /** An indeterminate failure: the operation may have applied. */
    synchronized void info(long id, String reason) {
        end(id, Outcome.INFO, Long.MAX_VALUE, null, false, reason);
    }

    private void end(long id, Outcome outcome, long at, byte[] output, boolean applied, String note) {
        Entry e = entries.get(Math.toIntExact(id));
        if (e.outcome() != Outcome.PENDING) {
            throw new IllegalStateException("operation " + id + " already ended " + e.outcome());
        }
        entries.set(Math.toIntExact(id), new Entry(e.id(), e.client(), e.kind(), e.key(), e.value(), e.expected(),
                e.invokeNanos(), at, outcome, output, applied, note));
    }

    /** A copy of every entry, in invocation order. */
    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** How many operations ended with {@code outcome}. */
    synchronized long count(Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).count();
    }

    /**
     * The history the checker judges: every operation but the failed ones (they had no effect); pending ones count
     * as indeterminate.
     */
    synchronized List<Operation> forChecker() {
        List<Operation> ops = new ArrayList<>();
        for (Entry e : entries) {
            if (e.outcome() == Outcome.FAIL) {
                continue;
            }
            boolean done = e.outcome() == Outcome.OK;
            ops.add(new Operation(e.id(), e.client(), e.kind(), e.key(), e.value(), e.expected(), e.invokeNanos(),
                    done ? e.returnNanos() : Operation.UNKNOWN_RETURN, done ? e.output() : null, e.applied(), done));
        }
        return ops;
    }

    /**
     * Writes the history, one operation a line: id, client, invoke and return times (ns from the first
     * invocation), outcome, kind, key and operands in hex, result, and the reason of a failure.
     */
    void write(Path file) throws IOException {
        List<Entry> all = entries();
        long origin = all.isEmpty() ? 0 : all.get(0).invokeNanos();
        HexFormat hex = HexFormat.of();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# id client invoke_ns return_ns outcome kind key value expected output applied note\n");
            for (Entry e : all) {
                w.write(e.id() + " " + e.client() + " " + (e.invokeNanos() - origin) + " "
                        + (e.returnNanos() == Long.MAX_VALUE ? "-" : e.returnNanos() - origin) + " "
                        + e.outcome().name().toLowerCase() + " " + e.kind() + " " + hex.formatHex(e.key()) + " "
                        + (e.value() == null ? "-" : hex.formatHex(e.value())) + " "
                        + (e.expected() == null ? "-" : hex.formatHex(e.expected())) + " "
                        + (e.output() == null ? "-" : hex.formatHex(e.output())) + " " + e.applied()
                        + (e.note() == null ? "" : " # " + e.note().replace('\n', ' ')) + "\n");
            }
        }
    }
}

package io.eraft.shardkv.kv.scenario;

import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.linearizability.History;
import io.eraft.shardkv.linearizability.OpKind;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;

import static io.eraft.shardkv.kv.scenario.Bytes.b;

/**
 * A client for the linearizability check: random Gets, Puts, Appends, compare-and-sets (expecting the value the
 * client last saw, so some apply and some do not) and Deletes on a few shared keys, each recorded in a
 * {@link History} (invoked before sending, completed on the reply, unknown on a timeout). Every written value is
 * unique, so the checker can tell writes apart.
 */
final class RecordingClient implements ClientWorker {
    private final int id;
    private final KvClerk clerk;
    private final Random random;
    private final History history;
    private final int keys;
    /** The latest value this client read or set per key, which its compare-and-sets expect. */
    private final Map<String, byte[]> lastSeen = new HashMap<>();
    private int counter;
    private int unknown;

    RecordingClient(int id, KvClerk clerk, Random random, History history, int keys) {
        this.id = id;
        this.clerk = clerk;
        this.random = random;
        this.history = history;
        this.keys = keys;
    }

    @Override
    public void runUntil(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            byte[] key = b("k" + random.nextInt(keys));
            byte[] value = b("c" + id + "." + counter++);
            int dice = random.nextInt(100);
            if (dice < 35) {
                get(key);
            } else if (dice < 55) {
                write(OpKind.PUT, key, value, null, () -> clerk.put(key, value));
                seen(key, value);
            } else if (dice < 80) {
                write(OpKind.APPEND, key, value, null, () -> clerk.append(key, value));
            } else if (dice < 95) {
                byte[] expected = lastSeen.get(new String(key, StandardCharsets.UTF_8)); // null: absent
                long op = history.invoke(id, OpKind.CAS, key, value, expected);
                try {
                    boolean applied = clerk.compareAndSet(key, expected, value);
                    history.ok(op, null, applied);
                    if (applied) {
                        seen(key, value);
                    }
                } catch (KvTimeoutException e) {
                    history.unknown(op);
                    unknown++;
                }
            } else {
                write(OpKind.DELETE, key, null, null, () -> clerk.delete(key));
            }
        }
    }

    private void get(byte[] key) {
        long op = history.invoke(id, OpKind.GET, key, null, null);
        try {
            Optional<byte[]> v = clerk.get(key);
            history.ok(op, v.orElse(null), false);
            seen(key, v.orElse(null));
        } catch (KvTimeoutException e) {
            history.unknown(op);
            unknown++;
        }
    }

    private void write(OpKind kind, byte[] key, byte[] value, byte[] expected, Runnable call) {
        long op = history.invoke(id, kind, key, value, expected);
        try {
            call.run();
            history.ok(op, null, false);
        } catch (KvTimeoutException e) {
            history.unknown(op);
            unknown++;
        }
    }

    /** Remembers {@code value} (null: absent) as the latest value of {@code key} this client knows of. */
    private void seen(byte[] key, byte[] value) {
        lastSeen.put(new String(key, StandardCharsets.UTF_8), value);
    }

    @Override
    public void verify() {
        // checked as a whole, by the linearizability checker, once every round is done
    }

    int unknownOutcomes() {
        return unknown;
    }
}

package io.eraft.shardkv.kv.scenario;

import io.eraft.shardkv.kv.KvClerk;

import java.util.Random;
import java.util.function.BooleanSupplier;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;

/**
 * MIT's GenericTest client: appends {@code "x <client> <n> y"} to a key of its own, or reads the key back, at random.
 * It knows exactly what the key must hold, so every read checks that each append took effect exactly once and in
 * order, across retries, leader changes, crashes and snapshots.
 */
final class AppendingClient implements ClientWorker {
    private final int id;
    private final KvClerk clerk;
    private final Random random;
    private final byte[] key;
    private final StringBuilder expected = new StringBuilder();
    private final String context;
    private boolean initialised;
    private int appends;
    private int reads;

    AppendingClient(int id, KvClerk clerk, Random random, String context) {
        this.id = id;
        this.clerk = clerk;
        this.random = random;
        this.key = b("client-" + id);
        this.context = context;
    }

    @Override
    public void runUntil(BooleanSupplier stop) {
        if (!initialised) {
            clerk.put(key, new byte[0]);
            initialised = true;
        }
        while (!stop.getAsBoolean()) {
            if (random.nextBoolean()) {
                String v = "x " + id + " " + appends + " y";
                clerk.append(key, b(v));
                expected.append(v);
                appends++;
            } else {
                check("get " + reads);
                reads++;
            }
        }
    }

    @Override
    public void verify() {
        check("the check after the round");
    }

    private void check(String what) {
        String got = s(clerk.get(key));
        if (!expected.toString().equals(got)) {
            throw new AssertionError("client " + id + ": " + what + " of its key returned a value that is not its "
                    + appends + " appends, each once and in order:\n  expected: " + expected + "\n  got:      " + got
                    + "\n" + context);
        }
    }

    int appends() {
        return appends;
    }
}

package io.eraft.dist.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The check's workload: closed-loop clients on a small key set. Half the keys (at least one) are logs that only take
 * appends of unique tokens {@code <client>.<n>;} and reads, so a lost or doubled write shows in the value itself;
 * the others are registers that take gets, puts of unique values and compare-and-sets that expect what the client
 * last read.
 */
final class Workload {
    private final int clients;
    private final List<byte[]> logKeys = new ArrayList<>();
    private final List<byte[]> registerKeys = new ArrayList<>();
    private final long seed;

    Workload(int clients, int keys, long seed) {
        if (clients < 1 || keys < 2) {
            throw new IllegalArgumentException("a check needs at least 1 client and 2 keys (--clients, --keys)");
        }
        this.clients = clients;
        this.seed = seed;
        for (int i = 0; i < keys; i++) {
            (i % 2 == 0 ? logKeys : registerKeys).add(("check-" + (i % 2 == 0 ? "log-" : "reg-") + i)
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    List<byte[]> logKeys() {
        return logKeys;
    }

    List<byte[]> allKeys() {
        List<byte[]> all = new ArrayList<>(logKeys);
        all.addAll(registerKeys);
        return all;
    }

    /** The appends each client got acknowledged, per log key, in order: what must be in the key at the end. */
    static final class Acknowledged {
        final Map<String, List<String>> tokens = new HashMap<>();
        final List<String> sent = new ArrayList<>();

        synchronized void add(byte[] key, String token) {
            tokens.computeIfAbsent(new String(key, StandardCharsets.US_ASCII), k -> new ArrayList<>()).add(token);
        }

        synchronized void sent(String token) {
            sent.add(token);
        }
    }

    /**
     * Runs every client until {@code deadlineNanos}; {@code clientOf} gives client {@code i} its recording client.
     * Returns the acknowledged appends.
     */
    Acknowledged run(IntFunction<RecordingClient> clientOf, long deadlineNanos) throws InterruptedException {
        Acknowledged acked = new Acknowledged();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            RecordingClient client = clientOf.apply(c);
            Thread t = new Thread(() -> loop(id, client, acked, deadlineNanos), "check-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return acked;
    }

    private void loop(int id, RecordingClient client, Acknowledged acked, long deadlineNanos) {
        Random random = new Random(seed * 31 + id);
        Map<String, byte[]> lastRead = new HashMap<>();
        long n = 0;
        while (System.nanoTime() < deadlineNanos) {
            n++;
            boolean log = registerKeys.isEmpty() || random.nextBoolean();
            if (log) {
                byte[] key = logKeys.get(random.nextInt(logKeys.size()));
                if (random.nextInt(3) == 0) {
                    client.get(key);
                } else {
                    String token = id + "." + n + ";";
                    acked.sent(token);
                    if (client.append(key, token.getBytes(StandardCharsets.US_ASCII)).ok()) {
                        acked.add(key, token);
                    }
                }
                continue;
            }
            byte[] key = registerKeys.get(random.nextInt(registerKeys.size()));
            String name = new String(key, StandardCharsets.US_ASCII);
            int pick = random.nextInt(10);
            if (pick < 4) {
                RecordingClient.Result r = client.get(key);
                if (r.ok()) {
                    lastRead.put(name, r.value());
                }
            } else if (pick < 7) {
                client.put(key, ("v" + id + "." + n).getBytes(StandardCharsets.US_ASCII));
            } else {
                client.cas(key, lastRead.get(name), ("c" + id + "." + n).getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}

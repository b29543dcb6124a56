package io.eraft.dist.bench;

import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ByteSizes;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.server.ClusterIdentity;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerRole;
import io.eraft.shardkv.admin.GroupMembers;
import io.eraft.shardkv.admin.MemberClient;
import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.space.SpaceSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * {@code eraft bench-member}: how long a new server takes to catch up and be promoted when the group holds a given
 * amount of data, and what a change costs the writers. Three KV servers in this JVM on loopback (netty, segmented
 * log with fsync, the chosen store) are loaded with {@code dataBytes} of values; then, while closed-loop writers
 * run, a fourth server starts empty with {@code join}, is added as a learner (it receives a streamed snapshot of the
 * store, then the log), promoted once caught up, and removed again. Prints the catch-up time, the snapshot
 * throughput (the leader's store size over the time from add to promotion) and the writes/s before, during and
 * after the change, second by second.
 *
 * @param dir        a work directory (emptied first)
 * @param dataBytes  bytes of values loaded before the change
 * @param valueBytes size of each loaded value
 * @param writers    closed-loop writers during the change
 * @param store      the store provider
 * @param fsync      whether the Raft logs fsync
 */
public record MembershipBenchmark(Path dir, long dataBytes, int valueBytes, int writers, String store,
                                  boolean fsync) {
    private static final Map<String, String> TRANSPORT_OPTIONS = Map.of("io-threads", "1");
    private static final int LOADERS = 32;
    private static final int BASELINE_SECONDS = 5;

    /** Runs the benchmark, printing to {@code out}. */
    public void run(PrintStream out) throws Exception {
        wipe(dir);
        List<Integer> ports = freePorts(4);
        Map<NodeId, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            addresses.put(NodeId.of("n" + (i + 1)), "127.0.0.1:" + ports.get(i));
        }
        PeerList peers = new PeerList(addresses);
        NodeId n4 = NodeId.of("n4");
        String n4Address = "127.0.0.1:" + ports.get(3);
        List<EraftServer> servers = new ArrayList<>();
        try {
            for (NodeId id : peers.ids()) {
                servers.add(EraftServer.start(config(id, peers, peers.addressOf(id), false)));
            }
            try (ClusterClient client = ClusterClient.connect(peers, "kv", ClientAccess.ADMIN,
                    Duration.ofSeconds(60))) {
                awaitLeader(servers);
                long keys = Math.max(1, dataBytes / valueBytes);
                long t = System.nanoTime();
                load(client, keys);
                double loadSeconds = (System.nanoTime() - t) / 1e9;
                EraftServer leader = awaitLeader(servers);
                long storeBytes = leader.status().storeBytes();
                out.printf("loaded %,d values of %d bytes (%s) in %.1f s (%.1f MB/s); leader %s store %s%n", keys,
                        valueBytes, ByteSizes.format(keys * valueBytes), loadSeconds,
                        keys * valueBytes / 1e6 / loadSeconds, leader.config().id(), ByteSizes.format(storeBytes));

                AtomicLongArray perSecond = new AtomicLongArray(3_600);
                long start = System.nanoTime();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService pool = Executors.newFixedThreadPool(writers);
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    KvClient clerk = client.newClerk();
                    int writer = w;
                    running.add(pool.submit(() -> write(clerk, writer, stop, perSecond, start)));
                }
                Thread.sleep(BASELINE_SECONDS * 1_000L);

                Map<NodeId, String> withN4 = new LinkedHashMap<>(addresses);
                withN4.put(n4, n4Address);
                MemberClient members = new MemberClient(client.transport(), "kv", peers.ids(), Duration.ofSeconds(10),
                        Duration.ofMinutes(30));
                long addAt = System.nanoTime();
                servers.add(EraftServer.start(config(n4, new PeerList(withN4), n4Address, true)));
                members.add(n4.value(), n4Address, java.util.OptionalLong.empty());
                GroupMembers promoted = members.promoteWhenCaughtUp(n4.value());
                long promotedAt = System.nanoTime();
                Thread.sleep(2_000);
                members.remove(n4.value(), java.util.OptionalLong.empty(), false);
                long removedAt = System.nanoTime();
                servers.remove(servers.size() - 1).close(); // as an operator stops a removed server
                Thread.sleep(BASELINE_SECONDS * 1_000L);
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();
                long end = System.nanoTime();

                double catchUp = (promotedAt - addAt) / 1e9;
                out.printf("n4 added as a learner and promoted in %.2f s: %s store streamed at %.1f MB/s "
                        + "(configuration %d)%n", catchUp, ByteSizes.format(storeBytes), storeBytes / 1e6 / catchUp,
                        promoted.index());
                out.printf("n4 removed %.2f s after the promotion%n", (removedAt - promotedAt) / 1e9);
                report(out, perSecond, start, addAt, promotedAt, removedAt, end);
            }
        } finally {
            for (EraftServer s : servers) {
                s.close();
            }
        }
    }

    /** Writes/s before the change, during catch-up, and after, with the slowest second of each. */
    private static void report(PrintStream out, AtomicLongArray perSecond, long start, long addAt, long promotedAt,
                               long removedAt, long end) {
        int add = second(start, addAt);
        int promoted = second(start, promotedAt);
        int last = second(start, end);
        out.print("writes/s, second by second (| marks add, promotion):");
        for (int s = 0; s < last; s++) {
            out.print((s == add || s == promoted ? " |" : " ") + perSecond.get(s));
        }
        out.println();
        double before = average(perSecond, 1, add);
        double during = average(perSecond, add, Math.max(add + 1, promoted));
        double after = average(perSecond, promoted + 1, last);
        out.printf("writes/s before %.0f (slowest second %d), during catch-up %.0f (slowest %d), after %.0f; dip "
                        + "%.0f%% on average, %.0f%% in the slowest second%n", before, min(perSecond, 1, add), during,
                min(perSecond, add, Math.max(add + 1, promoted)), after, 100 * (1 - during / before),
                100 * (1 - min(perSecond, add, Math.max(add + 1, promoted)) / before));
    }

    private static int second(long start, long at) {
        return (int) ((at - start) / 1_000_000_000L);
    }

    private static double average(AtomicLongArray a, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += a.get(i);
        }
        return to > from ? (double) sum / (to - from) : 0;
    }

    private static long min(AtomicLongArray a, int from, int to) {
        long m = Long.MAX_VALUE;
        for (int i = from; i < to; i++) {
            m = Math.min(m, a.get(i));
        }
        return m == Long.MAX_VALUE ? 0 : m;
    }

    private static void write(KvClient clerk, int writer, AtomicBoolean stop, AtomicLongArray perSecond, long start) {
        SplittableRandom random = new SplittableRandom(writer);
        byte[] value = new byte[128];
        while (!stop.get()) {
            random.nextBytes(value);
            clerk.put(("w" + random.nextInt(100_000)).getBytes(StandardCharsets.US_ASCII), value);
            int s = second(start, System.nanoTime());
            if (s < perSecond.length()) {
                perSecond.incrementAndGet(s);
            }
        }
    }

    private void load(ClusterClient client, long keys) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(LOADERS);
        List<Future<?>> done = new ArrayList<>();
        for (int l = 0; l < LOADERS; l++) {
            KvClient clerk = client.newClerk();
            int loader = l;
            done.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(loader);
                byte[] value = new byte[valueBytes];
                for (long k = next.getAndIncrement(); k < keys; k = next.getAndIncrement()) {
                    random.nextBytes(value);
                    clerk.put(String.format("d%012d", k).getBytes(StandardCharsets.US_ASCII), value);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private ServerConfig config(NodeId id, PeerList peers, String address, boolean join) {
        return new ServerConfig(id, "kv", peers, address, dir.resolve(id.value()), store, Map.of(), TRANSPORT_OPTIONS,
                64L << 20, fsync, ServerRole.KV, ServerConfig.DEFAULT_CONTROLLER, null, ServerConfig.DEFAULT_SHARDS,
                ClusterIdentity.DEFAULT, SpaceSettings.DEFAULT, RaftConfig.defaults(), KvLimits.DEFAULT, join);
    }

    private static EraftServer awaitLeader(List<EraftServer> servers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (EraftServer s : servers) {
                if (s.status().role() == Role.LEADER) {
                    return s;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leader within 30 s");
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}

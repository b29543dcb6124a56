package io.eraft.shardkv.shard;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.WrongGroupException;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link ShardClerk}'s routing and retry loop, without blocking a thread: the latest configuration it knows, the
 * leader it last found in each group, and the controller query. Each operation is a chain of asynchronous steps
 * (send, reply, retry after a scheduled pause, configuration query), one at a time, so its state needs no lock.
 */
final class ShardRouter {
    /** Builds the request for a group (the request names the group it is meant for). */
    @FunctionalInterface
    interface RequestForGroup {
        KvRequest make(String group);
    }

    /**
     * Runs {@link ControllerClerk#latest()}, which blocks its caller, off the transport threads. Shared by every
     * clerk in the JVM; its threads are daemons and end when idle. A clerk has at most one query running.
     */
    private static final ThreadPoolExecutor CONFIG_QUERIES = configQueryPool(4);

    private final Transport transport;
    private final ControllerClerk controller;
    private final ClerkOptions options;
    private final SplittableRandom jitter;
    private final Map<String, Integer> leaders = new ConcurrentHashMap<>();
    private volatile ShardConfig config;
    private CompletableFuture<ShardConfig> query; // guarded by this

    ShardRouter(Transport transport, ControllerClerk controller, ClerkOptions options, long seed) {
        this.transport = transport;
        this.controller = controller;
        this.options = options;
        this.jitter = new SplittableRandom(seed);
    }

    /** Sends {@code request} to the group serving {@code key}'s shard until one answers OK or the deadline passes. */
    CompletableFuture<KvResponse> route(byte[] key, RequestForGroup request, String what) {
        Operation op = new Operation(key, request, what, System.nanoTime() + options.operationTimeout().toNanos());
        op.next();
        return op.result;
    }

    /** The running configuration query, or a new one: a clerk never has two queries waiting on the controller. */
    private synchronized CompletableFuture<ShardConfig> latestConfig() {
        if (query == null || query.isDone()) {
            query = CompletableFuture.supplyAsync(controller::latest, CONFIG_QUERIES);
        }
        return query;
    }

    /** Remembers {@code fresh} unless a newer configuration is already known. */
    private void learn(ShardConfig fresh) {
        ShardConfig known = config;
        if (known == null || fresh.num() >= known.num()) {
            config = fresh;
        }
    }

    /** One operation's attempts: where it is being sent, the deadline, and what the last attempt said. */
    private final class Operation {
        final byte[] key;
        final RequestForGroup request;
        final String what;
        final long deadline;
        final CompletableFuture<KvResponse> result = new CompletableFuture<>();
        String group;
        List<NodeId> servers;
        byte[] payload;
        int shard = -1;
        int failuresThisRound;
        int rounds;
        Throwable lastError;

        Operation(byte[] key, RequestForGroup request, String what, long deadline) {
            this.key = key;
            this.request = request;
            this.what = what;
            this.deadline = deadline;
        }

        /** Routes by the configuration known now: to the shard's group, or to the controller when there is none. */
        void next() {
            if (expired()) {
                return;
            }
            ShardConfig known = config;
            if (known == null) {
                refreshConfig(-1);
                return;
            }
            shard = ShardKeys.shardOf(key, known.shardCount());
            String owner = known.owner(shard);
            List<NodeId> members = known.groups().get(owner);
            if (members == null || members.isEmpty()) {
                lastError = new KvException("shard " + shard + " has no group in configuration " + known.num());
                refreshConfig(known.num());
                return;
            }
            if (!owner.equals(group)) {
                group = owner;
                payload = request.make(owner).toByteArray();
                failuresThisRound = 0;
            }
            servers = members;
            send();
        }

        void send() {
            if (expired()) {
                return;
            }
            int i = Math.floorMod(leaders.getOrDefault(group, 0), servers.size());
            NodeId target = servers.get(i);
            long leftNanos = deadline - System.nanoTime();
            Duration timeout = options.requestTimeout().compareTo(Duration.ofNanos(leftNanos)) <= 0
                    ? options.requestTimeout() : Duration.ofMillis(Math.max(1, leftNanos / 1_000_000));
            CompletableFuture<byte[]> reply;
            try {
                reply = transport.request(target, KvServer.channel(group), payload, timeout);
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            reply.whenComplete((bytes, error) -> onReply(i, target, bytes, error));
        }

        void onReply(int i, NodeId target, byte[] bytes, Throwable error) {
            if (error != null) {
                tryNextServer(i, unwrap(error));
                return;
            }
            KvResponse r;
            try {
                r = KvResponse.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                tryNextServer(i, new KvException(target + " sent an undecodable reply: " + e.getMessage(), e));
                return;
            }
            switch (r.getStatus()) {
                case KV_STATUS_OK -> result.complete(r);
                case KV_STATUS_NOT_LEADER -> {
                    int hinted = r.getLeaderHint().isEmpty() ? -1 : servers.indexOf(NodeId.of(r.getLeaderHint()));
                    if (hinted >= 0 && hinted != i) {
                        lastError = new KvException(r.getError());
                        leaders.put(group, hinted);
                        countFailure();
                    } else {
                        tryNextServer(i, new KvException(r.getError()));
                    }
                }
                case KV_STATUS_UNAVAILABLE -> tryNextServer(i, new KvException(r.getError()));
                case KV_STATUS_WRONG_GROUP -> {
                    lastError = new WrongGroupException(r.getError());
                    refreshConfig(config == null ? -1 : config.num());
                }
                case KV_STATUS_BAD_REQUEST -> result.completeExceptionally(
                        new KvRequestRejectedException(r.getError()));
                default -> result.completeExceptionally(new KvException("group '" + group + "' (" + target
                        + ") answered " + what + " with " + r.getStatus() + ": " + r.getError()));
            }
        }

        /** Server {@code i} failed: the next attempt goes to the group's next server. */
        void tryNextServer(int i, Throwable error) {
            lastError = error;
            leaders.compute(group, (g, cached) -> cached == null || Math.floorMod(cached, servers.size()) == i
                    ? (i + 1) % servers.size() : cached);
            countFailure();
        }

        /**
         * Sends the next attempt now; once every server of the group failed this round, asks the controller (a group
         * that left may be down for good) and routes again, after a backoff pause unless the configuration changed.
         */
        void countFailure() {
            if (++failuresThisRound < servers.size()) {
                send();
                return;
            }
            failuresThisRound = 0;
            refreshConfig(config == null ? -1 : config.num()); // the group may have left: ask the controller
        }

        /**
         * Asks the controller for the latest configuration (off the transport threads), then routes again: at once
         * when it is newer than configuration {@code knownNum}, after a backoff pause when it is not (the groups
         * have not caught up with it yet) or when the controller did not answer.
         */
        void refreshConfig(long knownNum) {
            long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            latestConfig().copy().orTimeout(leftMillis, TimeUnit.MILLISECONDS).whenComplete((fresh, error) -> {
                if (error != null) {
                    Throwable cause = unwrap(error);
                    lastError = cause instanceof TimeoutException
                            ? new KvException("the controller did not answer a configuration query in time", cause)
                            : cause;
                    pauseThenNext();
                } else {
                    learn(fresh);
                    if (fresh.num() > knownNum) {
                        next();
                    } else {
                        pauseThenNext();
                    }
                }
            });
        }

        /** Routes again after the backoff of this round (doubling from minBackoff to maxBackoff, with jitter). */
        void pauseThenNext() {
            long min = options.minBackoff().toMillis();
            long max = options.maxBackoff().toMillis();
            long base = Math.min(max, min << Math.min(rounds++, 20));
            long half = Math.max(1, base / 2);
            long pause;
            synchronized (jitter) {
                pause = half + jitter.nextLong(half + 1);
            }
            long leftMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            CompletableFuture.delayedExecutor(Math.min(pause, leftMillis), TimeUnit.MILLISECONDS, Runnable::run)
                    .execute(this::next);
        }

        /** Fails the operation with a timeout naming it, its shard and the last error, once past the deadline. */
        boolean expired() {
            if (System.nanoTime() - deadline < 0) {
                return false;
            }
            String where = shard < 0 ? ""
                    : " (shard " + shard + (group == null ? "" : " of group '" + group + "'") + ")";
            result.completeExceptionally(new KvTimeoutException("no group completed " + what + " within "
                    + options.operationTimeout() + where + "; last error: " + lastError, lastError));
            return true;
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static ThreadPoolExecutor configQueryPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "shard-clerk-config-query-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}

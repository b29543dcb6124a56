package io.eraft.shardkv.retry;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.ClerkOptions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What one clerk's {@link GroupCall}s share: its transport and options, the backoff pauses (seeded jitter) and the
 * server it believes leads each group it calls (by channel), kept from call to call. Safe to share between threads.
 * <p>Internal: the clerks' retry loop, shared by the kv, shard and ctrler packages; not exported.
 */
public final class Caller {
    final Transport transport;
    final ClerkOptions options;
    private final SplittableRandom jitter;
    private final Map<String, NodeId> leaders = new ConcurrentHashMap<>();

    /** A caller with no leader known yet, whose backoff jitter is seeded with {@code seed}. */
    public Caller(Transport transport, ClerkOptions options, long seed) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.jitter = new SplittableRandom(seed);
    }

    /**
     * A call to one group: after a full round of failed servers it pauses and tries the group again, and a
     * {@link Verdict.Kind#REROUTE} verdict fails it.
     *
     * @param what names the operation in the timeout, e.g. {@code "put #3"}
     * @param who  starts the timeout message, e.g. {@code "no server of group 'g' [a, b]"}
     */
    public <T> GroupCall<T> call(String what, String who, GroupCall.Classifier<T> classifier) {
        return new GroupCall<>(this, what, who, () -> "", classifier, null);
    }

    /**
     * A call whose group may change: a {@link Verdict.Kind#REROUTE} verdict or a full round of failed servers runs
     * {@code rerouter}, which picks the group again and {@link GroupCall#send sends} (or
     * {@link GroupCall#pauseThen pauses} first).
     *
     * @param where what the timeout message adds after the operation timeout (where the call went)
     */
    public <T> GroupCall<T> routedCall(String what, String who, Supplier<String> where,
                                       GroupCall.Classifier<T> classifier, Runnable rerouter) {
        return new GroupCall<>(this, what, who, where, classifier, Objects.requireNonNull(rerouter, "rerouter"));
    }

    /** The server of {@code servers} believed to lead {@code channel}'s group: the last one found, or the first. */
    public NodeId leader(String channel, List<NodeId> servers) {
        NodeId known = leaders.get(channel);
        return known != null && servers.contains(known) ? known : servers.get(0);
    }

    /** Follows a NOT_LEADER hint from {@code from}; false when {@code hint} names no other server of the list. */
    boolean followHint(String channel, List<NodeId> servers, NodeId from, String hint) {
        for (NodeId server : servers) {
            if (server.value().equals(hint) && !server.equals(from)) {
                leaders.put(channel, server);
                return true;
            }
        }
        return false;
    }

    /** {@code failed} did not serve: the guess moves to the server after it, unless it already moved elsewhere. */
    void moveOn(String channel, List<NodeId> servers, NodeId failed) {
        leaders.compute(channel, (c, known) -> known == null || known.equals(failed) || !servers.contains(known)
                ? servers.get((servers.indexOf(failed) + 1) % servers.size()) : known);
    }

    /**
     * The pause in milliseconds after {@code round} earlier full rounds (0 for the first) failed: doubling from
     * minBackoff up to maxBackoff, drawn from {@code [base/2, base]} so clerks that failed together do not retry
     * together.
     */
    long backoffMillis(int round) {
        long min = options.minBackoff().toMillis();
        long base = Math.min(options.maxBackoff().toMillis(), min << Math.min(round, 20));
        long half = Math.max(1, base / 2);
        synchronized (jitter) {
            return half + jitter.nextLong(half + 1);
        }
    }
}

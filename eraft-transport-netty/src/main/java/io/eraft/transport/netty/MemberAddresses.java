package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportException;
import io.eraft.transport.handling.Members;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where members are, for dialing them and for the address check of their hellos: each member's address (from the
 * config; else as a membership change gave it, {@link #learn}; else from a node id of the form {@code host:port}) and
 * its host's IPs. Addresses a change gave are an immutable map in a volatile field, replaced whole; a node keeps its
 * last given address after it leaves the group (so that this node may still reach it), and a configured address is
 * never replaced. IP literals need no lookup; host names are looked up on a thread of
 * their own (never on an event loop) and the answer kept for a short while. Lookups in progress are bounded, since
 * hellos (and so the names looked up) come from the network.
 */
final class MemberAddresses implements AutoCloseable {
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long FAILED_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_LOOKUPS = 64;
    private static final int MAX_CACHED = 1024;

    private final Map<NodeId, Address> configured;
    private final Object learning = new Object();
    private volatile Map<NodeId, Address> given = Map.of();
    private final ThreadPoolExecutor resolver;
    private final ConcurrentMap<String, Lookup> cache = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    MemberAddresses(NodeId self, Map<NodeId, Address> configured) {
        this.configured = configured;
        this.resolver = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "eraft-netty-" + self + "-resolver");
            thread.setDaemon(true);
            return thread;
        });
        resolver.allowCoreThreadTimeOut(true);
    }

    /**
     * Remembers where members added by a membership change are; addresses of configured nodes are ignored (the
     * config wins), and a node given again gets its new address.
     */
    void learn(Map<NodeId, Address> addresses) {
        synchronized (learning) {
            Map<NodeId, Address> merged = new HashMap<>(given);
            addresses.forEach((node, address) -> {
                if (!configured.containsKey(node)) {
                    merged.put(node, address);
                }
            });
            given = Map.copyOf(merged);
        }
    }

    /** Where {@code node} is: its configured address, else as a change gave it, else its id's, else null. */
    Address addressOf(NodeId node) {
        Address mapped = configured.get(node);
        if (mapped == null) {
            mapped = given.get(node);
        }
        if (mapped != null || !Members.isAddressName(node)) {
            return mapped;
        }
        try {
            return Address.parse(node, node.value());
        } catch (TransportException e) {
            return null;
        }
    }

    /** The IPs of {@code host}: at once for an IP literal or a recent answer, else once a lookup ends. */
    CompletableFuture<Set<InetAddress>> ipsOf(String host) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(Set.of(InetAddress.getByAddress(host, literal)));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e); // only for a bad length, which the parser never returns
            }
        }
        long now = System.nanoTime();
        Lookup cached = cache.get(host);
        if (cached != null && cached.isUsable(now)) {
            return cached.ips();
        }
        if (lookups.get() >= MAX_LOOKUPS) {
            return CompletableFuture.failedFuture(new TransportException(MAX_LOOKUPS
                    + " address lookups are in progress already"));
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        Lookup lookup = new Lookup(new CompletableFuture<>(), now);
        cache.put(host, lookup);
        lookups.incrementAndGet();
        try {
            resolver.execute(() -> {
                try {
                    lookup.ips().complete(Set.of(InetAddress.getAllByName(host)));
                } catch (UnknownHostException | RuntimeException e) {
                    lookup.ips().completeExceptionally(e);
                } finally {
                    lookups.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            lookups.decrementAndGet();
            lookup.ips().completeExceptionally(new TransportException("the transport is closing"));
        }
        return lookup.ips();
    }

    @Override
    public void close() {
        resolver.shutdownNow();
    }

    /** One host's lookup, in progress or done, and when it started. */
    private record Lookup(CompletableFuture<Set<InetAddress>> ips, long startedNanos) {
        boolean isUsable(long now) {
            if (!ips.isDone()) {
                return true;
            }
            long age = now - startedNanos;
            return ips.isCompletedExceptionally() ? age < FAILED_NANOS : age < FRESH_NANOS;
        }
    }
}

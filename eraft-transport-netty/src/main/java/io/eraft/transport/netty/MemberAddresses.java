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
 * Where members are, for the address check of their hellos: each member's host (from the config, or from a node id
 * of the form {@code host:port}) and its IPs. IP literals need no lookup; host names are looked up on a thread of
 * their own (never on an event loop) and the answer kept for a short while. Lookups in progress are bounded, since
 * hellos (and so the names looked up) come from the network.
 */
final class MemberAddresses implements AutoCloseable {
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long FAILED_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_LOOKUPS = 64;
    private static final int MAX_CACHED = 1024;

    private final Map<NodeId, Address> configured;
    private volatile Map<NodeId, Address> learned = Map.of();
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
     * Adds where members are that the config does not name (from a membership change); a configured address is kept
     * (the config says where this node reaches it).
     */
    void learn(Map<NodeId, Address> addresses) {
        Map<NodeId, Address> next = new HashMap<>(learned);
        addresses.forEach((id, address) -> {
            if (!configured.containsKey(id)) {
                next.put(id, address);
            }
        });
        learned = Map.copyOf(next);
    }

    /**
     * Where {@code node} is: its configured address, else the address a membership change gave it, else the address
     * its id names, else null.
     */
    Address addressOf(NodeId node) {
        Address mapped = configured.get(node);
        if (mapped == null) {
            mapped = learned.get(node);
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

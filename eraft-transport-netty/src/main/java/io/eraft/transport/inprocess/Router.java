package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.TransportException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Moves requests and replies between the live transports of one network, applying its links and faults. Delays and
 * timeouts run on one shared scheduler thread, which only hands messages to the nodes' delivery loops when due; the
 * thread exists only while something is scheduled.
 */
final class Router {
    private static final long SCHEDULER_IDLE_SECONDS = 2;

    private final String network;
    private final Faults faults;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConcurrentMap<NodeId, InProcessTransport> live = new ConcurrentHashMap<>();
    private final AtomicReference<Links> links = new AtomicReference<>(Links.ALL_CONNECTED);

    Router(String network, Faults faults, String schedulerThreadName) {
        this.network = network;
        this.faults = faults;
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, schedulerThreadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setKeepAliveTime(SCHEDULER_IDLE_SECONDS, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
    }

    String network() {
        return network;
    }

    /** Makes {@code transport} the live one of its node; false if the node already has one. */
    boolean attach(InProcessTransport transport) {
        return live.putIfAbsent(transport.localNode(), transport) == null;
    }

    /** Removes {@code transport} if it is still the live one of its node. */
    void detach(InProcessTransport transport) {
        live.remove(transport.localNode(), transport);
    }

    InProcessTransport live(NodeId node) {
        return live.get(node);
    }

    Iterable<InProcessTransport> liveTransports() {
        return live.values();
    }

    Links links() {
        return links.get();
    }

    void updateLinks(UnaryOperator<Links> change) {
        links.updateAndGet(change);
    }

    /** Starts the timer that fails {@code request} with a {@link RequestTimeoutException}. */
    void armTimeout(PendingRequest request) {
        try {
            request.armTimeout(scheduler.schedule(
                    () -> request.sender().failLater(request, new RequestTimeoutException(request.timeoutMessage())),
                    request.timeoutNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException closed) {
            request.fail(new TransportException("in-process network '" + network + "' is closed"));
        }
    }

    /** Sends a request: it reaches its target's delivery loop, is lost, or fails as unreachable. */
    void sendRequest(InboundRequest request) {
        InProcessTransport target = reachableTarget(request.pending());
        if (target == null) {
            return;
        }
        long delay = faults.requestDelayNanos();
        if (delay == 0) {
            target.receive(request);
        } else if (delay != Faults.DROP) {
            later(delay, () -> {
                InProcessTransport now = reachableTarget(request.pending());
                if (now != null) {
                    now.receive(request);
                }
            });
        }
    }

    /** Sends {@code replier}'s reply to {@code request} back to its sender, applying links and faults. */
    void sendReply(InProcessTransport replier, InboundRequest request, Reply reply) {
        PendingRequest pending = request.pending();
        if (!canReply(replier, pending)) {
            return;
        }
        long delay = faults.replyDelayNanos();
        if (delay == 0) {
            pending.sender().acceptReply(pending, reply);
        } else if (delay != Faults.DROP) {
            later(delay, () -> {
                if (canReply(replier, pending)) {
                    pending.sender().acceptReply(pending, reply);
                }
            });
        }
    }

    /**
     * Fails {@code request} with a {@link PeerUnreachableException} on its sender's loop: at once, or after a random
     * wait up to its timeout when long delays are on.
     */
    void unreachable(PendingRequest request, String reason) {
        PeerUnreachableException error = new PeerUnreachableException(request.describe() + " failed: " + reason);
        later(faults.unreachableDelayNanos(request.timeoutNanos()), () -> request.sender().failLater(request, error));
    }

    /** Stops the scheduler; delayed messages still waiting are dropped. */
    void shutdown() {
        scheduler.shutdownNow();
    }

    private InProcessTransport reachableTarget(PendingRequest request) {
        InProcessTransport target = live.get(request.target());
        String cut = target == null ? notRunning(request.target())
                : links.get().whyCut(request.sender().localNode(), request.target());
        if (cut != null) {
            unreachable(request, cut);
            return null;
        }
        return target;
    }

    private boolean canReply(InProcessTransport replier, PendingRequest request) {
        String cut = replier.isClosed() ? "node " + replier.localNode() + " crashed before its reply was sent"
                : links.get().whyCut(replier.localNode(), request.sender().localNode());
        if (cut != null) {
            unreachable(request, cut);
            return false;
        }
        return true;
    }

    private String notRunning(NodeId node) {
        return "node " + node + " is not running on in-process network '" + network + "' (crashed, closed or never"
                + " joined)";
    }

    private void later(long delayNanos, Runnable task) {
        if (delayNanos == 0) {
            task.run();
            return;
        }
        try {
            scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // The network is closed: every transport was closed first and failed its pending requests.
        }
    }
}

package io.eraft.transport.handling;

import io.eraft.api.spi.support.LogLimiter;
import io.eraft.api.transport.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The log of what one node refuses: connections that break the protocol, hellos it does not believe, requests from
 * senders a channel does not admit. Each kind is rate-limited on its own ({@link LogLimiter#forRefusals()}), so a
 * flood of bad connections writes a few lines, not one per connection; the lines left out are counted and reported
 * by the next line of that kind, or by {@link #summarize()}. Every line names the node, what it refused (the
 * sender's address, and the node, cluster and role a hello claimed) and why. Thread-safe.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    /** What was refused; each kind has its own rate limit. */
    public enum Kind {
        /** A connection closed for breaking the protocol: bad frames, no hello in time, a failed TLS handshake. */
        CONNECTION("connections"),
        /** A hello that is not believed: another cluster, not a member, a claim its connection cannot prove. */
        HELLO("hellos"),
        /** A request on a channel whose access does not admit the sender's role. */
        REQUEST("requests"),
        /** This node's hello, refused by the node it dialed. */
        BY_OTHERS("hellos of this node");

        private final String plural;

        Kind(String plural) {
            this.plural = plural;
        }
    }

    private final NodeId node;
    private final Logger log;
    private final Map<Kind, Stream> streams = new EnumMap<>(Kind.class);

    /** The refusals of {@code node}, logged to this class's logger at 10 lines per 10 s per kind. */
    public Refusals(NodeId node) {
        this(node, LOG, LogLimiter::forRefusals);
    }

    /** With another logger and limiters (one from {@code limiters} per kind), for tests. */
    public Refusals(NodeId node, Logger log, Supplier<LogLimiter> limiters) {
        this.node = Objects.requireNonNull(node, "node");
        this.log = Objects.requireNonNull(log, "log");
        for (Kind kind : Kind.values()) {
            streams.put(kind, new Stream(limiters.get()));
        }
    }

    /**
     * Records that this node refused {@code what} for {@code reason}, and logs it unless the kind's rate limit is
     * spent.
     *
     * @param what   what was refused, naming the sender: "the connection from 10.0.0.9:40112 (before its hello)"
     * @param reason why, as the rule that refused it says
     */
    public void refuse(Kind kind, String what, String reason) {
        long omitted = streams.get(kind).record(what, reason);
        if (omitted >= 0) {
            log.warn("node {} refused {}: {}{}", node, what, reason,
                    omitted == 0 ? "" : " (" + omitted + " more refused " + kind.plural + " not logged before this)");
        }
    }

    /**
     * Records that another node refused this node's hello, and logs it unless the rate limit is spent.
     *
     * @param who    the node that refused, and where: "node b at 10.0.0.2:7001"
     * @param reason what it answered (cut and made printable by the caller: it comes from the network)
     */
    public void refusedBy(String who, String reason) {
        long omitted = streams.get(Kind.BY_OTHERS).record(who, reason);
        if (omitted >= 0) {
            log.warn("{} refused the hello of node {}: {}{}", who, node, reason,
                    omitted == 0 ? "" : " (" + omitted + " more refusals not logged before this)");
        }
    }

    /**
     * Logs, for each kind, how many refusals were left out of the log since its last line, and the last of them.
     * Transports call it now and then and when they close, so that a flood's size is in the log.
     */
    public void summarize() {
        for (Kind kind : Kind.values()) {
            Stream.Omitted omitted = streams.get(kind).takeOmitted();
            if (omitted != null) {
                log.warn("node {}: {} more refused {} were not logged (rate limit); the last: {}: {}", node,
                        omitted.count(), kind.plural, omitted.what(), omitted.reason());
            }
        }
    }

    /** Refusals of {@code kind} so far, logged or not. */
    public long count(Kind kind) {
        return streams.get(kind).total();
    }

    /** One kind's limiter and counts. */
    private static final class Stream {
        private final LogLimiter limiter;
        private long total;
        private long omitted;
        private String lastWhat;
        private String lastReason;

        Stream(LogLimiter limiter) {
            this.limiter = limiter;
        }

        /** Counts a refusal; returns how many were left out before it if it is to be logged, else -1. */
        synchronized long record(String what, String reason) {
            total++;
            if (!limiter.tryAcquire().allowed()) {
                omitted++;
                lastWhat = what;
                lastReason = reason;
                return -1;
            }
            long before = omitted;
            omitted = 0;
            return before;
        }

        synchronized Omitted takeOmitted() {
            if (omitted == 0) {
                return null;
            }
            Omitted o = new Omitted(omitted, lastWhat, lastReason);
            omitted = 0;
            return o;
        }

        synchronized long total() {
            return total;
        }

        record Omitted(long count, String what, String reason) {
        }
    }
}

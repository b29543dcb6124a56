package io.eraft.raft;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.raft.Membership;
import io.eraft.api.spi.support.LogLimiter;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.Entry;
import io.eraft.raft.proto.HeartbeatRequest;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.TimeoutNowRequest;
import io.eraft.raft.proto.VoteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides whether a Raft message may reach the member's state at all, before it touches anything: it must come from
 * this member's cluster (when the cluster is known) and from a member of the group, speak for its sender (a vote's
 * candidate and an append's or snapshot's leader are the sender itself), and be consistent in itself (terms and
 * indexes in range, entries contiguous from {@code prev_log_index + 1}, chunk offsets sane). Terms above
 * {@link #MAX_TERM} are refused as absurd: a real group never gets near it, and a forged one could otherwise push
 * every member to the end of the term space for good. Refusals are logged, rate-limited, naming sender, cluster and
 * reason. Membership follows the member's latest configuration ({@link Configurations#current()}): a member added is
 * admitted once the entry that adds it is appended here, a removed one is refused from then on (and admitted again if
 * that entry is truncated). One exception keeps the removal of a leader working: the leader this member follows in its
 * current term is admitted for that term's leader messages (appends, heartbeats, snapshots, TimeoutNow) even once it
 * is outside this member's configuration, because it leads until the configuration without it commits and then hands
 * leadership over (Raft thesis §4.2.2); its vote requests, and everything it sends once another leader is followed,
 * are refused. Thread-safe: it holds fixed settings, a thread-safe limiter and reads the configuration
 * through a volatile.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    /** The highest term or index a message may carry (2^53): far beyond any real group, far below overflow. */
    static final long MAX_TERM = 1L << 53;
    static final long MAX_INDEX = 1L << 53;

    private final String name;
    private final ClusterId cluster;
    private final NodeId self;
    private final Supplier<Membership> configuration;
    private final LogLimiter limiter;
    /** The term and leader this member follows, once its core exists (null: no leader is admitted as such). */
    private volatile Supplier<Standing> standing;

    /** Admission for a fixed group: {@code self} and {@code peers}. */
    Admission(String name, ClusterId cluster, NodeId self, List<NodeId> peers, LongSupplier nanoClock) {
        this(name, cluster, self, fixed(self, peers), nanoClock);
    }

    Admission(String name, ClusterId cluster, NodeId self, Supplier<Membership> configuration,
              LongSupplier nanoClock) {
        this.name = name;
        this.cluster = cluster;
        this.self = self;
        this.configuration = configuration;
        this.limiter = new LogLimiter(10, 10_000_000_000L, nanoClock);
    }

    private static Supplier<Membership> fixed(NodeId self, List<NodeId> peers) {
        Membership m = new Membership(0, Stream.concat(peers.stream(), Stream.of(self)).collect(Collectors.toSet()),
                Set.of());
        return () -> m;
    }

    /** Reads the member's term and leader from {@code standing} from now on. */
    void followLeadersOf(Supplier<Standing> standing) {
        this.standing = standing;
    }

    private boolean isPeer(NodeId id) {
        return !id.equals(self) && configuration.get().contains(id);
    }

    /** Whether {@code from} is the leader this member follows and {@code request} a leader message of its term. */
    private boolean isCurrentLeader(NodeId from, RaftRequest request) {
        Supplier<Standing> s = standing;
        if (s == null) {
            return false;
        }
        Standing now = s.get();
        if (!from.equals(now.leader()) || from.equals(self)) {
            return false;
        }
        long term = switch (request.getBodyCase()) {
            case APPEND -> request.getAppend().getTerm();
            case HEARTBEAT -> request.getHeartbeat().getTerm();
            case SNAPSHOT -> request.getSnapshot().getTerm();
            case TIMEOUT_NOW -> request.getTimeoutNow().getTerm();
            default -> -1;
        };
        return term == now.term();
    }

    /**
     * Checks {@code request} from {@code from}: null if it may be handled, else why not (the refusal is logged,
     * rate-limited).
     */
    String check(NodeId from, RaftRequest request) {
        String reason = refusal(from, request);
        if (reason != null) {
            logRefusal("a " + kind(request) + " request", from, request.getClusterId(), reason);
        }
        return reason;
    }

    /** Checks {@code response}, the answer of {@code from} to a request of ours, as {@link #check} does. */
    String check(NodeId from, RaftResponse response) {
        String reason = responseRefusal(response);
        if (reason != null) {
            logRefusal("a reply", from, response.getClusterId(), reason);
        }
        return reason;
    }

    private void logRefusal(String what, NodeId from, long senderCluster, String reason) {
        LogLimiter.Permit permit = limiter.tryAcquire();
        if (permit.allowed()) {
            LOG.warn("{}: refused {} from {} (cluster {}): {}{}", name, what, from, new ClusterId(senderCluster),
                    reason, permit.suppressedNote());
        }
    }

    /** Why {@code request} from {@code from} is refused, or null if it is admitted. */
    String refusal(NodeId from, RaftRequest request) {
        String wrongCluster = clusterRefusal(request.getClusterId());
        if (wrongCluster != null) {
            return wrongCluster;
        }
        if (!isPeer(from) && !isCurrentLeader(from, request)) {
            return from + " is not a member of the group " + membersText();
        }
        return switch (request.getBodyCase()) {
            case VOTE -> voteRefusal(from, request.getVote());
            case APPEND -> appendRefusal(from, request.getAppend());
            case HEARTBEAT -> heartbeatRefusal(from, request.getHeartbeat());
            case SNAPSHOT -> snapshotRefusal(from, request.getSnapshot());
            case TIMEOUT_NOW -> timeoutNowRefusal(from, request.getTimeoutNow());
            default -> "a request of an unknown kind";
        };
    }

    /** Why {@code response} is refused, or null if it may be used. */
    String responseRefusal(RaftResponse response) {
        String wrongCluster = clusterRefusal(response.getClusterId());
        if (wrongCluster != null) {
            return wrongCluster;
        }
        long term = switch (response.getBodyCase()) {
            case VOTE -> response.getVote().getTerm();
            case APPEND -> response.getAppend().getTerm();
            case HEARTBEAT -> response.getHeartbeat().getTerm();
            case SNAPSHOT -> response.getSnapshot().getTerm();
            case TIMEOUT_NOW -> response.getTimeoutNow().getTerm();
            default -> 0;
        };
        return outOfRange("term", term, 0, MAX_TERM);
    }

    private String clusterRefusal(long senderCluster) {
        if (!cluster.isKnown() || senderCluster == cluster.value()) {
            return null;
        }
        return "it belongs to cluster " + new ClusterId(senderCluster) + ", this member to cluster " + cluster;
    }

    private String voteRefusal(NodeId from, VoteRequest v) {
        if (!v.getCandidate().equals(from.value())) {
            return "a vote request for candidate '" + v.getCandidate() + "' sent by " + from
                    + " (a candidate asks for itself)";
        }
        return firstOf(termRefusal(v.getTerm()),
                outOfRange("last_log_index", v.getLastLogIndex(), 0, MAX_INDEX),
                outOfRange("last_log_term", v.getLastLogTerm(), 0, v.getTerm()),
                v.getLastLogIndex() == 0 && v.getLastLogTerm() != 0
                        ? "last_log_term " + v.getLastLogTerm() + " for an empty log" : null);
    }

    private String appendRefusal(NodeId from, AppendRequest a) {
        String r = firstOf(leaderRefusal(from, a.getLeader()), termRefusal(a.getTerm()),
                outOfRange("prev_log_index", a.getPrevLogIndex(), 0, MAX_INDEX),
                outOfRange("prev_log_term", a.getPrevLogTerm(), 0, a.getTerm()),
                a.getPrevLogIndex() == 0 && a.getPrevLogTerm() != 0
                        ? "prev_log_term " + a.getPrevLogTerm() + " before index 1" : null,
                outOfRange("leader_commit", a.getLeaderCommit(), 0, MAX_INDEX),
                outOfRange("entries", a.getEntriesCount(), 0, MAX_INDEX - a.getPrevLogIndex()),
                transferRefusal(from, a.getTransferTo()));
        if (r != null) {
            return r;
        }
        long previousTerm = a.getPrevLogTerm();
        for (int i = 0; i < a.getEntriesCount(); i++) {
            Entry e = a.getEntries(i);
            long expected = a.getPrevLogIndex() + 1 + i;
            if (e.getIndex() != expected) {
                return "entry " + i + " has index " + e.getIndex() + ", expected " + expected
                        + " (entries follow prev_log_index " + a.getPrevLogIndex() + " without gaps)";
            }
            if (e.getTerm() < Math.max(1, previousTerm) || e.getTerm() > a.getTerm()) {
                return "entry " + e.getIndex() + " has term " + e.getTerm() + ", outside [" + Math.max(1, previousTerm)
                        + ", " + a.getTerm() + "] (terms never decrease along the log nor exceed the leader's)";
            }
            previousTerm = e.getTerm();
            if (e.getNoop() && !e.getData().isEmpty()) {
                String bad = Configurations.invalid(e.getData());
                if (bad != null) {
                    return "entry " + e.getIndex() + " is " + bad;
                }
            }
        }
        return null;
    }

    private String heartbeatRefusal(NodeId from, HeartbeatRequest h) {
        return firstOf(leaderRefusal(from, h.getLeader()), termRefusal(h.getTerm()),
                outOfRange("commit", h.getCommit(), 0, MAX_INDEX), transferRefusal(from, h.getTransferTo()));
    }

    private String snapshotRefusal(NodeId from, SnapshotChunk s) {
        return firstOf(leaderRefusal(from, s.getLeader()), termRefusal(s.getTerm()),
                outOfRange("snapshot index", s.getIndex(), 1, MAX_INDEX),
                outOfRange("snapshot_term", s.getSnapshotTerm(), 1, s.getTerm()),
                outOfRange("chunk offset", s.getOffset(), 0, MAX_INDEX - s.getData().size()),
                outOfRange("configuration_index", s.getConfigurationIndex(), 0, s.getIndex()),
                s.hasConfiguration() ? Configurations.invalid(s.getConfiguration()) : null);
    }

    private String timeoutNowRefusal(NodeId from, TimeoutNowRequest t) {
        return firstOf(leaderRefusal(from, t.getLeader()), termRefusal(t.getTerm()));
    }

    private static String leaderRefusal(NodeId from, String leader) {
        return leader.equals(from.value()) ? null
                : "it names leader '" + leader + "' but was sent by " + from + " (a leader speaks for itself)";
    }

    private String transferRefusal(NodeId from, String target) {
        if (target.isEmpty()) {
            return null;
        }
        NodeId t = NodeId.of(target);
        return (isPeer(t) || t.equals(self)) && !t.equals(from) ? null
                : "it announces a leadership transfer to '" + target + "', which is no other member of the group";
    }

    private static String termRefusal(long term) {
        if (term < 1 || term > MAX_TERM) {
            return "term " + Long.toUnsignedString(term) + " is absurd (a term is between 1 and 2^53)";
        }
        return null;
    }

    /** Unsigned values above 2^63 read as negative longs, so below {@code min}: refused too. */
    private static String outOfRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            return field + " " + Long.toUnsignedString(value) + " is outside [" + min + ", " + max + "]";
        }
        return null;
    }

    private static String firstOf(String... reasons) {
        for (String r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private String membersText() {
        Membership m = configuration.get();
        return m.members().stream().map(NodeId::value).toList()
                + (m.contains(self) ? "" : " (" + self + " itself is not in its configuration)");
    }

    private static String kind(RaftRequest request) {
        return switch (request.getBodyCase()) {
            case VOTE -> request.getVote().getPreVote() ? "pre-vote" : "vote";
            case APPEND -> "append";
            case HEARTBEAT -> "heartbeat";
            case SNAPSHOT -> "snapshot";
            case TIMEOUT_NOW -> "timeout-now";
            default -> "malformed";
        };
    }
}

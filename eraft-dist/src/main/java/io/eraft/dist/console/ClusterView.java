package io.eraft.dist.console;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.Transport;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.ServerConfig;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The console's picture of the cluster: while the console was used in the last {@link #IDLE_MILLIS} (someone asked
 * for {@link #state()}), a round of status from every known server each second ({@link ClusterSource}), and the
 * figures of every group over the last {@link #HISTORY_MILLIS}. Nothing is polled while nobody looks.
 *
 * <p>Rules: a server that does not answer is offline; a group's leader is its member that answers as LEADER (the
 * highest term wins), else the leader its answering members name; a node's lag is its group leader's commit index
 * minus its applied index, a group's commit lag the largest of its members' (unknown, -1, without a leader that
 * answers); a group's ops/s is the growth of its answering servers' KV request counts since the previous round
 * (a server that was not in the previous round, or restarted, adds nothing), over the time between the rounds.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ClusterView implements AutoCloseable {
    /** How long the figures are kept. */
    static final long HISTORY_MILLIS = TimeUnit.MINUTES.toMillis(10);
    /** How long after the last look polling goes on. */
    static final long IDLE_MILLIS = TimeUnit.MINUTES.toMillis(10);
    /** Time between rounds. */
    static final long PERIOD_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);

    private final ClusterSource source;
    private final LongSupplier clock;
    private final ScheduledExecutorService executor; // null when rounds are only taken by pollNow (tests)
    private volatile long lastUsedMillis = Long.MIN_VALUE / 2;
    private volatile ClusterState state = ClusterState.EMPTY;
    // guarded by this: the rounds' figures and each node's KV request count in the previous round
    private final Deque<ClusterState.Sample> series = new ArrayDeque<>();
    private final Map<String, Long> previousOps = new HashMap<>();
    private long previousMillis;

    ClusterView(ClusterSource source, LongSupplier clock, ScheduledExecutorService executor) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = executor;
    }

    /** A view that polls {@code source} once a second on a daemon thread of its own while it is used. */
    public static ClusterView start(ClusterSource source, String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-" + name);
            t.setDaemon(true);
            return t;
        });
        ClusterView view = new ClusterView(source, System::currentTimeMillis, executor);
        executor.scheduleWithFixedDelay(view::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return view;
    }

    /**
     * The view of a server: its group, and for a sharded cluster the controllers and every group, asked over the
     * server's own transport ({@link ServerClusterSource}).
     */
    public static ClusterView forServer(Transport transport, ServerConfig config, Supplier<NodeStatus> self) {
        return start(new ServerClusterSource(transport, config, self), config.id().value());
    }

    /**
     * The latest picture; marks the console used. After a quiet spell (no picture within the last two periods) it
     * takes a round first, waiting for it up to a few seconds.
     */
    public ClusterState state() {
        long now = clock.getAsLong();
        lastUsedMillis = now;
        if (executor != null && now - state.polledMillis() > 2 * PERIOD_MILLIS) {
            Future<?> round = executor.submit(this::pollNow);
            try {
                round.get(3, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.debug("console round did not finish in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return state;
    }

    /**
     * Marks the console used now without waiting for a round, so that the figures are gathered from now on (for
     * the next {@link #IDLE_MILLIS}) even before anyone opens the page.
     */
    public void touch() {
        lastUsedMillis = clock.getAsLong();
    }

    void tick() {
        if (clock.getAsLong() - lastUsedMillis > IDLE_MILLIS) {
            return;
        }
        try {
            pollNow();
        } catch (RuntimeException e) {
            LOG.warn("console status round failed", e); // the next tick tries again
        }
    }

    /** Takes one round now and records it. */
    void pollNow() {
        ClusterPoll poll = source.poll();
        record(poll, clock.getAsLong());
    }

    /** Records a round taken at {@code nowMillis}. */
    synchronized void record(ClusterPoll poll, long nowMillis) {
        Map<String, List<ClusterPoll.Node>> byGroup = new LinkedHashMap<>();
        for (ClusterPoll.Node n : poll.nodes()) {
            byGroup.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(n);
        }
        if (poll.config() != null) {
            poll.config().groups().keySet().forEach(g -> byGroup.computeIfAbsent(g, k -> new ArrayList<>()));
        }
        List<ClusterState.NodeRow> rows = new ArrayList<>();
        List<ClusterState.GroupRow> groups = new ArrayList<>();
        Map<String, ClusterState.GroupFigures> figures = new LinkedHashMap<>();
        double seconds = (nowMillis - previousMillis) / 1000.0;
        Map<String, Long> ops = new HashMap<>();
        Map<String, NodeStatus> leaders = new HashMap<>();
        byGroup.forEach((group, members) -> {
            NodeStatus leader = leaderOf(members);
            if (leader != null) {
                leaders.put(group, leader);
            }
            String leaderId = leader != null ? leader.id() : namedLeader(members);
            groups.add(new ClusterState.GroupRow(group, leaderId));
            long lag = -1;
            long grown = 0;
            boolean measured = false;
            long kvP99 = 0;
            long fsyncP99 = 0;
            for (ClusterPoll.Node n : members) {
                NodeStatus s = n.status();
                if (s == null) {
                    rows.add(new ClusterState.NodeRow(n.id(), group, n.address(), "OFFLINE", 0, "", 0, 0, -1, true,
                            false, n.problem()));
                    continue;
                }
                long nodeLag = leader == null ? -1 : Math.max(0, leader.commitIndex() - s.appliedIndex());
                lag = Math.max(lag, nodeLag);
                rows.add(new ClusterState.NodeRow(n.id(), group, n.address(), s.role().name(), s.term(), s.leader(),
                        s.commitIndex(), s.appliedIndex(), nodeLag, false, s.failed(), s.failure()));
                ops.put(n.id(), s.kvOps());
                Long before = previousOps.get(n.id());
                if (before != null) {
                    grown += Math.max(0, s.kvOps() - before);
                    measured = true;
                }
                kvP99 = Math.max(kvP99, s.kvP99Micros());
                fsyncP99 = Math.max(fsyncP99, s.fsyncP99Micros());
            }
            double rate = measured && seconds > 0 ? grown / seconds : Double.NaN;
            figures.put(group, new ClusterState.GroupFigures(rate, kvP99, fsyncP99, lag));
        });
        previousOps.clear();
        previousOps.putAll(ops);
        previousMillis = nowMillis;
        series.addLast(new ClusterState.Sample(nowMillis, figures));
        while (nowMillis - series.peekFirst().timeMillis() > HISTORY_MILLIS) {
            series.removeFirst();
        }
        ShardConfig config = poll.config();
        state = new ClusterState(nowMillis, rows, groups, config == null ? -1 : config.num(), poll.configProblem(),
                shards(config, byGroup, leaders), List.copyOf(series));
    }

    /** The member answering as LEADER in the highest term, or null. */
    private static NodeStatus leaderOf(List<ClusterPoll.Node> members) {
        return members.stream().map(ClusterPoll.Node::status).filter(Objects::nonNull)
                .filter(s -> s.role() == Role.LEADER).max(Comparator.comparingLong(NodeStatus::term)).orElse(null);
    }

    /** The leader named by the answering member of the highest term, or "". */
    private static String namedLeader(List<ClusterPoll.Node> members) {
        return members.stream().map(ClusterPoll.Node::status).filter(Objects::nonNull)
                .filter(s -> !s.leader().isEmpty()).max(Comparator.comparingLong(NodeStatus::term))
                .map(NodeStatus::leader).orElse("");
    }

    /** Each shard's owner and its phase there: at the owner's leader, else at any member that holds it. */
    private static List<ClusterState.ShardRow> shards(ShardConfig config, Map<String, List<ClusterPoll.Node>> byGroup,
                                                      Map<String, NodeStatus> leaders) {
        if (config == null) {
            return List.of();
        }
        List<ClusterState.ShardRow> out = new ArrayList<>();
        for (int shard = 0; shard < config.shardCount(); shard++) {
            String owner = config.owner(shard);
            String phase = "";
            NodeStatus leader = leaders.get(owner);
            if (leader != null && leader.shards().containsKey(shard)) {
                phase = leader.shards().get(shard);
            } else {
                Set<String> seen = new LinkedHashSet<>();
                for (ClusterPoll.Node n : byGroup.getOrDefault(owner, List.of())) {
                    if (n.status() != null && n.status().shards().containsKey(shard)) {
                        seen.add(n.status().shards().get(shard));
                    }
                }
                phase = seen.isEmpty() ? "" : seen.iterator().next();
            }
            out.add(new ClusterState.ShardRow(shard, owner == null ? "" : owner, phase));
        }
        return out;
    }

    /** Stops polling and closes the source. */
    @Override
    public void close() {
        try {
            if (executor != null) {
                executor.shutdownNow();
            }
        } finally {
            source.close();
        }
    }
}

package io.eraft.dist.console;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.ServerRole;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterViewTest {
    private static final long T0 = 1_700_000_000_000L;
    private final AtomicLong clock = new AtomicLong(T0);

    /** A KV server's status with the figures the view reads. */
    static NodeStatus status(String id, String group, Role role, long term, String leader, long commit,
                             long applied, long kvOps) {
        return new NodeStatus(id, group, "127.0.0.1:" + (7000 + id.hashCode() % 100), role, term, leader, commit,
                applied, commit, 0, 0, "leveldb", 0).withFigures(kvOps, 0, 0);
    }

    static NodeStatus shardStatus(String id, String group, Role role, long term, Map<Integer, String> shards) {
        return new NodeStatus(id, group, id, role, term, role == Role.LEADER ? id : "", 10, 10, 10, 0, 0, "leveldb",
                0, ServerRole.SHARD, 2, new TreeMap<>(shards));
    }

    private ClusterView view(List<ClusterPoll> polls) {
        AtomicInteger next = new AtomicInteger();
        return new ClusterView(() -> polls.get(Math.min(next.getAndIncrement(), polls.size() - 1)), clock::get, null);
    }

    private static ClusterPoll.Node up(NodeStatus s) {
        return ClusterPoll.Node.online(s.group(), s);
    }

    @Test
    void aNodeThatDoesNotAnswerIsOfflineAndTheOthersKeepTheirRows() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 100, 100, 0)),
                ClusterPoll.Node.offline("n2", "kv", "127.0.0.1:7102", "connection refused"),
                up(status("n3", "kv", Role.FOLLOWER, 3, "n1", 100, 97, 0)))), T0);
        List<ClusterState.NodeRow> rows = view.state().nodes();
        assertEquals(List.of("n1", "n2", "n3"), rows.stream().map(ClusterState.NodeRow::id).toList());
        ClusterState.NodeRow n2 = rows.get(1);
        assertTrue(n2.offline());
        assertEquals("OFFLINE", n2.role());
        assertEquals("connection refused", n2.problem());
        assertEquals("127.0.0.1:7102", n2.address());
        assertFalse(rows.get(0).offline());
        assertEquals("LEADER", rows.get(0).role());
        assertEquals(List.of(new ClusterState.GroupRow("kv", "n1")), view.state().groups());
    }

    @Test
    void lagIsTheLeadersCommitIndexMinusEachNodesAppliedIndexAndTheGroupsTheLargest() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 100, 99, 0)),
                up(status("n2", "kv", Role.FOLLOWER, 3, "n1", 95, 90, 0)),
                ClusterPoll.Node.offline("n3", "kv", "127.0.0.1:7103", "no reply within 800 ms"))), T0);
        ClusterState s = view.state();
        assertEquals(List.of(1L, 10L, -1L), s.nodes().stream().map(ClusterState.NodeRow::lag).toList());
        assertEquals(10, s.series().get(0).groups().get("kv").commitLag(), "the offline node does not count");
    }

    @Test
    void withoutALeaderThatAnswersLagIsUnknownAndTheLeaderIsTheOneTheMembersName() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.offline("n1", "kv", "127.0.0.1:7101", "connection refused"),
                up(status("n2", "kv", Role.FOLLOWER, 4, "n1", 95, 90, 0)),
                up(status("n3", "kv", Role.FOLLOWER, 3, "n2", 95, 90, 0)))), T0);
        ClusterState s = view.state();
        assertEquals(List.of(new ClusterState.GroupRow("kv", "n1")), s.groups(), "the member of the highest term");
        assertEquals(List.of(-1L, -1L, -1L), s.nodes().stream().map(ClusterState.NodeRow::lag).toList());
        assertEquals(-1, s.series().get(0).groups().get("kv").commitLag());
    }

    @Test
    void ofTwoNodesAnsweringAsLeaderTheOneOfTheHigherTermLeads() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 50, 50, 0)),
                up(status("n2", "kv", Role.LEADER, 4, "n2", 60, 55, 0)))), T0);
        assertEquals("n2", view.state().groups().get(0).leader());
        assertEquals(10, view.state().nodes().get(0).lag(), "lag against the real leader's commit index");
    }

    @Test
    void opsPerSecondIsTheGrowthOfTheGroupsRequestCountsOverTheTimeBetweenRounds() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 1, 1, 100)),
                up(status("n2", "kv", Role.FOLLOWER, 3, "n1", 1, 1, 50)))), T0);
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 1, 1, 300)),
                up(status("n2", "kv", Role.FOLLOWER, 3, "n1", 1, 1, 150)))), T0 + 2_000);
        List<ClusterState.Sample> series = view.state().series();
        assertTrue(Double.isNaN(series.get(0).groups().get("kv").opsPerSecond()), "no rate in the first round");
        assertEquals(150.0, series.get(1).groups().get("kv").opsPerSecond(), 1e-9);
    }

    @Test
    void aRestartedOrReturningServerAddsNothingToTheRate() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 1, 1, 1_000)),
                up(status("n2", "kv", Role.FOLLOWER, 3, "n1", 1, 1, 500)))), T0);
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 1, 1, 1_010)),
                ClusterPoll.Node.offline("n2", "kv", "127.0.0.1:7102", "connection refused"))), T0 + 1_000);
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 1, 1, 5)),
                up(status("n2", "kv", Role.FOLLOWER, 3, "n1", 1, 1, 9_000)))), T0 + 2_000);
        List<ClusterState.Sample> series = view.state().series();
        assertEquals(10.0, series.get(1).groups().get("kv").opsPerSecond(), 1e-9);
        assertEquals(0.0, series.get(2).groups().get("kv").opsPerSecond(), 1e-9,
                "n1 restarted (its count fell), n2 was offline in the round before");
    }

    @Test
    void theFiguresOfOneGroupAreItsServersHighestPercentiles() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                up(status("n1", "kv", Role.LEADER, 3, "n1", 1, 1, 0).withFigures(0, 4_000, 900)),
                up(status("n2", "kv", Role.FOLLOWER, 3, "n1", 1, 1, 0).withFigures(0, 100, 2_500)))), T0);
        ClusterState.GroupFigures f = view.state().series().get(0).groups().get("kv");
        assertEquals(4_000, f.kvP99Micros());
        assertEquals(2_500, f.fsyncP99Micros());
    }

    @Test
    void theSeriesKeepsTheLastTenMinutes() {
        ClusterView view = view(List.of());
        ClusterPoll poll = new ClusterPoll(List.of(up(status("n1", "kv", Role.LEADER, 1, "n1", 1, 1, 0))));
        view.record(poll, T0);
        view.record(poll, T0 + TimeUnit.MINUTES.toMillis(5));
        view.record(poll, T0 + TimeUnit.MINUTES.toMillis(10));
        assertEquals(3, view.state().series().size(), "exactly 10 minutes old is kept");
        view.record(poll, T0 + TimeUnit.MINUTES.toMillis(11));
        List<Long> times = view.state().series().stream().map(ClusterState.Sample::timeMillis).toList();
        assertEquals(List.of(T0 + TimeUnit.MINUTES.toMillis(5), T0 + TimeUnit.MINUTES.toMillis(10),
                T0 + TimeUnit.MINUTES.toMillis(11)), times);
    }

    @Test
    void theShardMapShowsEachShardsOwnerAndItsPhaseAtTheOwnersLeader() {
        SortedMap<String, List<NodeId>> groups = new TreeMap<>(Map.of(
                "g1", List.of(NodeId.of("127.0.0.1:7201")), "g2", List.of(NodeId.of("127.0.0.1:7301"),
                        NodeId.of("127.0.0.1:7302"))));
        ShardConfig config = new ShardConfig(4, List.of("g1", "g2", "g2", "g1"), groups);
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.online("ctrler", status("127.0.0.1:7001", "ctrler", Role.LEADER, 1,
                        "127.0.0.1:7001", 5, 5, 0)),
                up(shardStatus("127.0.0.1:7201", "g1", Role.LEADER, 2,
                        Map.of(0, "SERVING", 1, "BEING_PULLED", 3, "SERVING"))),
                up(shardStatus("127.0.0.1:7301", "g2", Role.FOLLOWER, 2, Map.of(1, "SERVING", 2, "SERVING"))),
                up(shardStatus("127.0.0.1:7302", "g2", Role.LEADER, 2, Map.of(1, "PULLING", 2, "SERVING")))),
                config, null), T0);
        ClusterState s = view.state();
        assertEquals(4, s.configNum());
        assertEquals(List.of(new ClusterState.ShardRow(0, "g1", "SERVING"), new ClusterState.ShardRow(1, "g2", "PULLING"),
                new ClusterState.ShardRow(2, "g2", "SERVING"), new ClusterState.ShardRow(3, "g1", "SERVING")), s.shards());
        assertEquals(List.of("ctrler", "g1", "g2"), s.groups().stream().map(ClusterState.GroupRow::group).toList());
        assertEquals("127.0.0.1:7302", s.groups().get(2).leader());
    }

    @Test
    void aPlainKvGroupHasNoShardMapAndNoConfiguration() {
        ClusterView view = view(List.of());
        view.record(new ClusterPoll(List.of(up(status("n1", "kv", Role.LEADER, 1, "n1", 1, 1, 0)))), T0);
        assertEquals(-1, view.state().configNum());
        assertTrue(view.state().shards().isEmpty());
    }

    @Test
    void nobodyLookingForTenMinutesStopsThePollingAndALookStartsItAgain() {
        List<ClusterPoll> asked = new ArrayList<>();
        ClusterPoll poll = new ClusterPoll(List.of(up(status("n1", "kv", Role.LEADER, 1, "n1", 1, 1, 0))));
        ClusterView view = new ClusterView(() -> {
            asked.add(poll);
            return poll;
        }, clock::get, null);
        view.tick();
        assertEquals(0, asked.size(), "nobody has looked yet");
        view.state();
        view.tick();
        assertEquals(1, asked.size());
        clock.addAndGet(TimeUnit.MINUTES.toMillis(10));
        view.tick();
        assertEquals(2, asked.size(), "10 minutes after the look it still polls");
        clock.addAndGet(1);
        view.tick();
        assertEquals(2, asked.size(), "then it stops");
        view.state();
        view.tick();
        assertEquals(3, asked.size());
        clock.addAndGet(TimeUnit.MINUTES.toMillis(11));
        view.touch();
        assertEquals(3, asked.size(), "touch takes no round itself");
        view.tick();
        assertEquals(4, asked.size(), "a touch keeps the rounds going without a look at the page");
    }
}

package io.eraft.shardkv.kv.scenario;

import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.admin.GroupMembers;
import io.eraft.shardkv.admin.MemberChangeRefusedException;
import io.eraft.shardkv.admin.MemberClient;
import io.eraft.shardkv.admin.MemberService;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.linearizability.CheckResult;
import io.eraft.shardkv.linearizability.History;
import io.eraft.shardkv.linearizability.LinearizabilityChecker;
import io.eraft.shardkv.proto.MemberChangeRequest;
import io.eraft.shardkv.proto.MemberChangeType;
import io.eraft.shardkv.proto.MemberListRequest;
import io.eraft.shardkv.proto.MemberRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Membership changes of a KV group through its admin service ({@link MemberClient}) while clerks run: new servers
 * join empty, catch up as learners and are promoted; old ones are removed; clerks learn the new servers from the
 * group's replies and keep working after every original server is gone.
 */
@Timeout(240)
class MembershipChangeScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void replacingEveryServerOneByOneWhileClientsRunIsLinearizable(StoreKind store, TestSeed seed) throws Exception {
        try (KvCluster cluster = KvCluster.builder(3, store, seed).snapshotThresholdBytes(32 * 1024).start()) {
            cluster.awaitLeader();
            History history = new History();
            AtomicBoolean stop = new AtomicBoolean();
            List<KvClerk> clerks = new ArrayList<>();
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                KvClerk clerk = cluster.client().clerk();
                clerks.add(clerk);
                RecordingClient client = new RecordingClient(i, clerk, seed.random(i), history, 4);
                running.add(CompletableFuture.runAsync(() -> client.runUntil(stop::get)));
            }
            List<NodeId> originals = List.copyOf(cluster.servers());
            MemberClient admin = admin(cluster);
            for (NodeId old : originals) {
                NodeId fresh = cluster.startJoiningServer();
                GroupMembers added = admin.add(fresh.value(), null, OptionalLong.empty());
                assertEquals("learner", added.member(fresh.value()).role(), "added as a learner: " + added);
                GroupMembers promoted = admin.promoteWhenCaughtUp(fresh.value());
                assertEquals("voter", promoted.member(fresh.value()).role(), promoted.toString());
                GroupMembers removed = admin.remove(old.value(), OptionalLong.empty(), true);
                assertEquals(null, removed.member(old.value()), "removed: " + removed);
                cluster.retire(old);
                admin = admin(cluster);
            }
            int before = history.size();
            assertTrue(Poll.until(Duration.ofSeconds(20), () -> history.size() > before + 30),
                    "clients go on after every original server is gone: " + cluster.describe());
            stop.set(true);
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            Set<String> now = cluster.servers().stream().map(NodeId::value).collect(Collectors.toSet());
            GroupMembers last = admin.list();
            assertEquals(now, last.members().stream().map(GroupMembers.Member::id).collect(Collectors.toSet()));
            assertTrue(last.members().stream().allMatch(m -> m.voter()), last.toString());
            for (KvClerk clerk : clerks) {
                assertEquals(Set.copyOf(cluster.servers()), Set.copyOf(clerk.servers()),
                        "the clerk learned the new servers and forgot the removed ones");
            }
            CheckResult result = LinearizabilityChecker.check(history, Duration.ofSeconds(30));
            assertEquals(CheckResult.Verdict.LINEARIZABLE, result.verdict(), result + " " + seed.replayHint());
        }
    }

    @Test
    void aChangeExpectingAStaleConfigurationIsRefusedAndChangesNothing(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.values()[0], seed).start()) {
            cluster.awaitLeader();
            MemberClient admin = admin(cluster);
            GroupMembers before = admin.list();
            assertEquals(0, before.index(), "the initial configuration");
            NodeId fresh = cluster.startJoiningServer();
            admin.add(fresh.value(), null, OptionalLong.of(before.index()));
            MemberChangeRefusedException stale = assertThrows(MemberChangeRefusedException.class,
                    () -> admin.remove("s0", OptionalLong.of(before.index()), false));
            assertEquals("STALE_CONFIGURATION", stale.reason(), stale.getMessage());
            assertTrue(stale.current().member("s0") != null, "s0 is still a member: " + stale.current());
            MemberChangeRefusedException exists = assertThrows(MemberChangeRefusedException.class,
                    () -> admin.add("s1", null, OptionalLong.empty()));
            assertEquals("MEMBER_EXISTS", exists.reason(), exists.getMessage());
            assertEquals(admin.list().index(), stale.current().index(), "nothing changed");
        }
    }

    @Test
    void aNewServerCatchesUpFromASnapshotAndKeepsEveryWriteAfterTheOriginalsAreRemoved(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.values()[0], seed).snapshotThresholdBytes(16 * 1024)
                .start()) {
            cluster.awaitLeader();
            KvClerk clerk = cluster.client().clerk();
            for (int i = 0; i < 300; i++) {
                clerk.put(b("key" + i), b("value" + i));
            }
            MemberClient admin = admin(cluster);
            NodeId fresh = cluster.startJoiningServer();
            admin.add(fresh.value(), null, OptionalLong.empty());
            admin.promoteWhenCaughtUp(fresh.value());
            long applied = cluster.status(cluster.awaitLeader()).orElseThrow().commitIndex();
            assertTrue(Poll.until(Duration.ofSeconds(20),
                    () -> cluster.status(fresh).orElseThrow().appliedIndex() >= applied), cluster.describe());
            for (NodeId old : List.of(NodeId.of("s0"), NodeId.of("s1"))) {
                admin.remove(old.value(), OptionalLong.empty(), false);
                cluster.retire(old);
                admin = admin(cluster);
            }
            Role role = cluster.status(fresh).orElseThrow().role();
            assertTrue(role == Role.FOLLOWER || role == Role.LEADER, "the new server votes now: " + cluster.describe());
            assertTrue(cluster.status(fresh).orElseThrow().snapshotIndex() > 0,
                    "the new server started from a snapshot of the group: " + cluster.describe());
            for (int i = 0; i < 300; i++) {
                Optional<byte[]> v = clerk.get(b("key" + i));
                assertArrayEquals(b("value" + i), v.orElseThrow(), "key" + i);
            }
        }
    }

    @Test
    void malformedAndOtherGroupsMembershipRequestsAreRefusedAndChangeNothing(TestSeed seed) throws Exception {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.values()[0], seed).start()) {
            NodeId leader = cluster.awaitLeader();
            io.eraft.api.transport.Transport t = cluster.clientTransport();
            String channel = io.eraft.shardkv.admin.MemberService.channel(KvCluster.GROUP);
            io.eraft.shardkv.proto.MemberResponse garbage = io.eraft.shardkv.proto.MemberResponse.parseFrom(
                    t.request(leader, channel, new byte[] {(byte) 0xff, 1, 2, 3}, Duration.ofSeconds(5))
                            .get(10, TimeUnit.SECONDS));
            assertEquals(io.eraft.shardkv.proto.MemberStatus.MEMBER_STATUS_BAD_REQUEST, garbage.getStatus());
            assertTrue(garbage.getError().startsWith("malformed membership request"), garbage.getError());
            byte[] otherGroup = io.eraft.shardkv.proto.MemberRequest.newBuilder().setGroup("other")
                    .setChange(io.eraft.shardkv.proto.MemberChangeRequest.newBuilder()
                            .setType(io.eraft.shardkv.proto.MemberChangeType.MEMBER_CHANGE_TYPE_REMOVE)
                            .setMember("s0")).build().toByteArray();
            io.eraft.shardkv.proto.MemberResponse foreign = io.eraft.shardkv.proto.MemberResponse.parseFrom(
                    t.request(leader, channel, otherGroup, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
            assertEquals(io.eraft.shardkv.proto.MemberStatus.MEMBER_STATUS_BAD_REQUEST, foreign.getStatus());
            GroupMembers now = admin(cluster).list();
            assertEquals(0, now.index(), "nothing changed: " + now);
            assertEquals(3, now.members().size(), now.toString());
        }
    }

    @Test
    void aClientConnectionIsRefusedOnTheMembersAdminChannelAndChangesNothing(TestSeed seed) throws Exception {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.values()[0], seed).start()) {
            cluster.awaitLeader();
            Transport client = cluster.clientTransport(Access.CLIENT);
            String channel = MemberService.channel(KvCluster.GROUP);
            byte[] remove = MemberRequest.newBuilder().setGroup(KvCluster.GROUP).setChange(MemberChangeRequest
                    .newBuilder().setType(MemberChangeType.MEMBER_CHANGE_TYPE_REMOVE).setMember("s0")).build()
                    .toByteArray();
            byte[] list = MemberRequest.newBuilder().setGroup(KvCluster.GROUP)
                    .setList(MemberListRequest.getDefaultInstance()).build().toByteArray();
            for (NodeId server : cluster.servers()) {
                for (byte[] request : List.of(remove, list)) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> client.request(server,
                            channel, request, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
                    assertInstanceOf(AccessDeniedException.class, e.getCause(),
                            server + " refused a client on the members admin channel");
                }
            }
            GroupMembers now = admin(cluster).list();
            assertEquals(0, now.index(), "nothing changed: " + now);
            assertEquals(3, now.members().size(), now.toString());
            assertTrue(now.member("s0") != null, "s0 is still a member: " + now);
        }
    }

    private static MemberClient admin(KvCluster cluster) {
        return new MemberClient(cluster.clientTransport(), KvCluster.GROUP, cluster.servers(), Duration.ofSeconds(3),
                CHANGE_TIMEOUT);
    }
}

package io.eraft.shardkv.ctrler;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.CtrlerCommand;
import io.eraft.shardkv.proto.CtrlerResponse;
import io.eraft.shardkv.proto.GroupServers;
import io.eraft.shardkv.proto.JoinOp;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.LeaveOp;
import io.eraft.shardkv.proto.MoveOp;
import io.eraft.shardkv.proto.SetServersOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's state machine on each store provider, driven with log entries directly (no Raft): Join, Leave
 * Move and SetServers, refusals, exactly-once, history across a reopen and across a snapshot install.
 */
class ControllerStateMachineTest {
    private static final long CLERK = 7;
    private static final ProtobufCodec CODEC = new ProtobufCodec();

    @TempDir
    Path dir;

    private final List<StateMachineStore> opened = new ArrayList<>();
    private long index;

    @AfterEach
    void closeStores() {
        opened.forEach(StateMachineStore::close);
    }

    private StateMachineStore open(StoreKind kind, String name) {
        StateMachineStore store = kind.open(dir.resolve(name));
        opened.add(store);
        return store;
    }

    private static ControllerStateMachine machine(StateMachineStore store, int shards) {
        return new ControllerStateMachine("test", store, CODEC, SessionPolicy.DEFAULT, shards);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void joinsLeavesAndMovesMakeNumberedConfigurationsThatStayQueryable(StoreKind kind) {
        ControllerStateMachine sm = machine(open(kind, "s"), 10);
        assertEquals(ShardConfig.initial(10), sm.latest());
        ok(sm, join(1, "a", "b"));
        ok(sm, join(2, "c"));
        ShardConfig moved = ok(sm, move(3, 0, "c"));
        ok(sm, leave(4, "a"));
        assertEquals(4, sm.latest().num());
        assertEquals(List.of("a", "b"), List.copyOf(sm.config(1).groups().keySet()));
        assertEquals(5, sm.config(1).shardsOf("a").size());
        assertEquals("c", moved.owner(0));
        assertEquals(moved, sm.config(3));
        assertEquals(List.of("b", "c"), List.copyOf(sm.latest().groups().keySet()));
        assertEquals(ShardConfig.initial(10), sm.config(0));
        assertEquals(sm.latest(), sm.config(-1), "a negative number means the latest");
        assertEquals(sm.latest(), sm.config(99), "a number past the latest means the latest");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void refusedChangesLeaveTheConfigurationAloneAndNameTheCause(StoreKind kind) {
        ControllerStateMachine sm = machine(open(kind, "s"), 4);
        ok(sm, join(1, "a"));
        assertRefused(sm, move(2, 0, "zz"), "group 'zz'");
        assertRefused(sm, move(3, 4, "a"), "shard 4 does not exist");
        assertRefused(sm, join(4, "a"), "already in configuration 1");
        assertRefused(sm, leave(5, "nope"), "'nope' is not in configuration 1");
        assertEquals(1, sm.latest().num());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aRetriedChangeGetsTheSameReplyAndMakesNoNewConfiguration(StoreKind kind) {
        ControllerStateMachine sm = machine(open(kind, "s"), 4);
        byte[] first = apply(sm, join(1, "a")).get(0);
        byte[] retry = apply(sm, join(1, "a")).get(0);
        assertEquals(reply(first).getConfig(), reply(retry).getConfig());
        assertEquals(KvStatus.KV_STATUS_OK, reply(retry).getStatus());
        assertEquals(1, sm.latest().num());
        ok(sm, join(2, "b"));
        assertEquals(KvStatus.KV_STATUS_STALE_REQUEST, reply(apply(sm, join(1, "a")).get(0)).getStatus());
        assertEquals(2, sm.latest().num());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aClerkWithoutASessionCannotStartPastSequenceOne(StoreKind kind) {
        ControllerStateMachine sm = machine(open(kind, "s"), 4);
        CtrlerResponse r = reply(apply(sm, join(5, "a")).get(0));
        assertEquals(KvStatus.KV_STATUS_SESSION_EXPIRED, r.getStatus());
        assertEquals(0, sm.latest().num());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void historyAndSessionsSurviveAReopenOfTheStore(StoreKind kind) {
        StateMachineStore store = open(kind, "s");
        ControllerStateMachine sm = machine(store, 6);
        ok(sm, join(1, "a"));
        ok(sm, join(2, "b"));
        ShardConfig second = sm.config(2);
        store.close();
        opened.remove(store);
        ControllerStateMachine reopened = machine(open(kind, "s"), 6);
        assertEquals(second, reopened.latest());
        assertEquals(Collections.nCopies(6, "a"), reopened.config(1).owners());
        assertEquals(index, reopened.lastApplied());
        assertEquals(KvStatus.KV_STATUS_OK, reply(apply(reopened, join(2, "b")).get(0)).getStatus(),
                "the session survived, so the retry is answered from it");
        assertEquals(2, reopened.latest().num());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aStoreOfAnotherShardCountIsRefused(StoreKind kind) {
        StateMachineStore store = open(kind, "s");
        ok(machine(store, 6), join(1, "a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> machine(store, 8));
        assertTrue(e.getMessage().contains("6 shards"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aSnapshotCarriesEveryConfigurationAndSession(StoreKind kind) throws Exception {
        ControllerStateMachine source = machine(open(kind, "src"), 5);
        ok(source, join(1, "a", "b"));
        ok(source, move(2, 3, "a"));
        ok(source, leave(3, "b"));
        ControllerStateMachine target = machine(open(kind, "dst"), 5);
        try (SnapshotSource snapshot = source.openSnapshot(); InputStream in = snapshot.data()) {
            target.installSnapshot(snapshot.index(), in);
        }
        for (long n = 0; n <= 3; n++) {
            assertEquals(source.config(n), target.config(n), "configuration " + n);
        }
        assertEquals(1, target.sessionCount());
        assertEquals(KvStatus.KV_STATUS_STALE_REQUEST, reply(apply(target, join(1, "a", "b")).get(0)).getStatus());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void setServersReplacesOneGroupsServersKeepingEveryShardOwnerAndSurvivesASnapshot(StoreKind kind)
            throws Exception {
        ControllerStateMachine sm = machine(open(kind, "s"), 6);
        ok(sm, join(1, "a", "b"));
        ShardConfig before = ok(sm, move(2, 0, "b"));
        ShardConfig after = ok(sm, setServers(3, "a", "a-1", "a-9"));
        assertEquals(before.num() + 1, after.num());
        assertEquals(before.owners(), after.owners(), "no shard changes owner");
        assertEquals(List.of(NodeId.of("a-1"), NodeId.of("a-9")), after.groups().get("a"));
        assertEquals(before.groups().get("b"), after.groups().get("b"), "the other group keeps its servers");
        assertEquals(before, sm.config(2), "the earlier configuration keeps the old servers");
        assertEquals(KvStatus.KV_STATUS_OK, reply(apply(sm, setServers(3, "a", "a-1", "a-9")).get(0)).getStatus());
        assertEquals(3, sm.latest().num(), "a retried SetServers makes no new configuration");
        ControllerStateMachine target = machine(open(kind, "dst"), 6);
        try (SnapshotSource snapshot = sm.openSnapshot(); InputStream in = snapshot.data()) {
            target.installSnapshot(snapshot.index(), in);
        }
        assertEquals(after, target.latest());
        assertEquals(before, target.config(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void refusedSetServersLeaveTheConfigurationAloneAndNameTheCause(StoreKind kind) {
        ControllerStateMachine sm = machine(open(kind, "s"), 4);
        ShardConfig joined = ok(sm, join(1, "a"));
        assertRefused(sm, setServers(2, "zz", "zz-0"), "group 'zz': it is not in configuration 1");
        assertRefused(sm, setServers(3, "a"), "'a' cannot be given no servers");
        assertRefused(sm, setServers(4, "a", "a-0", "a-1", "a-0"), "server 'a-0' is named twice");
        assertRefused(sm, setServers(5, "a", "a-0", "no spaces"), "bad server");
        assertRefused(sm, setServers(5, "a", "a-0", "no spaces"), "bad server"); // its retry: refused alike
        assertEquals(joined, sm.latest());
    }

    // ---------------------------------------------------------------- helpers

    private static CtrlerCommand setServers(long seq, String group, String... servers) {
        return command(seq).setSetServers(SetServersOp.newBuilder().setGroup(GroupServers.newBuilder()
                .setGroupId(group).addAllServers(List.of(servers)))).build();
    }

    private static CtrlerCommand.Builder command(long seq) {
        return CtrlerCommand.newBuilder().setClientId(CLERK).setSequence(seq);
    }

    private static CtrlerCommand join(long seq, String... groups) {
        JoinOp.Builder j = JoinOp.newBuilder();
        for (String g : groups) {
            j.addGroups(GroupServers.newBuilder().setGroupId(g).addServers(g + "-0").addServers(g + "-1"));
        }
        return command(seq).setJoin(j).build();
    }

    private static CtrlerCommand leave(long seq, String... groups) {
        return command(seq).setLeave(LeaveOp.newBuilder().addAllGroupIds(List.of(groups))).build();
    }

    private static CtrlerCommand move(long seq, int shard, String group) {
        return command(seq).setMove(MoveOp.newBuilder().setShard(shard).setGroupId(group)).build();
    }

    private List<byte[]> apply(ControllerStateMachine sm, CtrlerCommand c) {
        return sm.apply(List.of(new LogEntry(++index, 1, EntryType.COMMAND, c.toByteArray())));
    }

    private ShardConfig ok(ControllerStateMachine sm, CtrlerCommand c) {
        CtrlerResponse r = reply(apply(sm, c).get(0));
        assertEquals(KvStatus.KV_STATUS_OK, r.getStatus(), r.getError());
        ShardConfig config = ShardConfig.fromRecord(r.getConfig());
        assertEquals(config, sm.latest());
        config.groups().values().forEach(servers -> assertEquals(2, servers.size()));
        assertTrue(config.groups().values().stream().flatMap(List::stream).allMatch(n -> n instanceof NodeId));
        return config;
    }

    private void assertRefused(ControllerStateMachine sm, CtrlerCommand c, String cause) {
        CtrlerResponse r = reply(apply(sm, c).get(0));
        assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, r.getStatus());
        assertTrue(r.getError().contains(cause), "'" + r.getError() + "' names the cause '" + cause + "'");
    }

    private static CtrlerResponse reply(byte[] bytes) {
        try {
            return CtrlerResponse.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("undecodable reply", e);
        }
    }
}

package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import io.eraft.api.command.Put;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.ShardChunk;
import io.eraft.shardkv.proto.ShardCommand;
import io.eraft.shardkv.proto.ShardPhase;
import io.eraft.shardkv.proto.ShardRef;
import io.eraft.shardkv.proto.StoreEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard group's state machine driven with log entries directly: shard phases through a configuration change,
 * WRONG_GROUP for shards it does not serve, configurations refused until settled, phases carried by snapshots, and
 * the shard metrics following each step of a migration.
 */
class ShardStateMachineTest {
    private static final int SHARDS = 4;
    private static final ProtobufCodec CODEC = new ProtobufCodec();

    @TempDir
    Path dir;

    private final List<StateMachineStore> opened = new ArrayList<>();
    private long index;

    @AfterEach
    void close() {
        opened.forEach(StateMachineStore::close);
    }

    private ShardStateMachine machine(StoreKind kind, String name) {
        StateMachineStore store = kind.open(dir.resolve(name));
        opened.add(store);
        return new ShardStateMachine("test", "a", store, CODEC, KvLimits.DEFAULT, SessionPolicy.DEFAULT, SHARDS);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void phasesFollowConfigurationsAndOnlyServedShardsAcceptWrites(StoreKind kind) {
        ShardStateMachine sm = machine(kind, "s");
        apply(sm, config(1, "a", "a", "a", "a"));
        assertEquals(Map.of(0, serving(), 1, serving(), 2, serving(), 3, serving()), sm.phases());
        byte[] key = keyOfShard(2);
        assertEquals(KvStatus.KV_STATUS_OK, reply(apply(sm, put(1, key))).getStatus());
        apply(sm, config(2, "a", "a", "b", "a"));
        assertEquals(ShardPhase.SHARD_PHASE_BEING_PULLED, sm.phases().get(2));
        assertFalse(sm.settled());
        assertEquals(KvStatus.KV_STATUS_WRONG_GROUP, reply(apply(sm, put(2, key))).getStatus());
        apply(sm, config(3, "a", "a", "a", "a"));
        assertEquals(2, sm.current().num(), "configuration 3 waits until the group settled");
        apply(sm, ShardCommand.newBuilder().setDelete(ref(2, 2)).build());
        assertNull(sm.phases().get(2));
        assertNull(sm.read(2, key), "the deleted shard's data is gone");
        assertTrue(sm.settled());
        apply(sm, config(3, "a", "a", "a", "a"));
        assertEquals(ShardPhase.SHARD_PHASE_PULLING, sm.phases().get(2), "gaining a shard that b owned");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void shardMetricsFollowAPullFromConfigurationToInstalledAndGarbageCollected(StoreKind kind) {
        InMemoryMetrics metrics = new InMemoryMetrics();
        AtomicLong clock = new AtomicLong();
        StateMachineStore store = kind.open(dir.resolve("m"));
        opened.add(store);
        ShardStateMachine sm = new ShardStateMachine("test", "b", store, CODEC, KvLimits.DEFAULT,
                SessionPolicy.DEFAULT, SHARDS, metrics, clock::get);
        assertEquals(0.0, metrics.gaugeValue("eraft_shard_config_number"));
        assertEquals(0.0, stateGauge(metrics, 2, "serving"), "a shard not held has 0 for every state");

        apply(sm, config(1, "a", "a", "a", "a"));
        apply(sm, config(2, "a", "a", "b", "a"));
        assertEquals(2.0, metrics.gaugeValue("eraft_shard_config_number"));
        assertEquals(1.0, stateGauge(metrics, 2, "pulling"));
        assertEquals(0.0, stateGauge(metrics, 2, "serving"));
        assertEquals(0.0, stateGauge(metrics, 1, "pulling"), "shard 1 stays with group a");

        clock.addAndGet(3_000_000_000L);
        byte[] key = new byte[] {'h', 0, 0, 0, 2, 'd', 'k'};
        ShardChunk chunk = ShardChunk.newBuilder().setRef(ref(2, 2)).addEntries(StoreEntry.newBuilder()
                .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(b("value")))).addEntries(StoreEntry
                .newBuilder().setKey(ByteString.copyFrom(b("elsewhere"))).setValue(ByteString.copyFrom(b("x"))))
                .build();
        apply(sm, ShardCommand.newBuilder().setChunk(chunk).build());
        assertEquals(key.length + 5, metrics.counterValue("eraft_shard_migration_bytes_total"),
                "the chunk's entry of shard 2 was inserted; the stray one was not");
        assertEquals(0, metrics.counterValue("eraft_shard_migrations_total"), "not installed before 'received'");

        apply(sm, ShardCommand.newBuilder().setReceived(ref(2, 2)).build());
        apply(sm, ShardCommand.newBuilder().setReceived(ref(2, 2)).build());
        assertEquals(1, metrics.counterValue("eraft_shard_migrations_total"), "a repeated 'received' is no migration");
        assertEquals(1, metrics.histogramCount("eraft_shard_migration_seconds"));
        assertEquals(3.0, metrics.histogramSum("eraft_shard_migration_seconds"), 1e-9);
        assertEquals(1.0, stateGauge(metrics, 2, "gc_pending"));
        assertEquals(0.0, stateGauge(metrics, 2, "pulling"));

        apply(sm, ShardCommand.newBuilder().setDeleteConfirmed(ref(2, 2)).build());
        assertEquals(1.0, stateGauge(metrics, 2, "serving"));
        assertEquals(0.0, stateGauge(metrics, 2, "gc_pending"));
        assertEquals(6, metrics.histogramCount("eraft_store_write_batch_seconds"), "one batch per apply call");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aPullInstalledFromASnapshotIsCountedButNotTimed(StoreKind kind) throws Exception {
        InMemoryMetrics metrics = new InMemoryMetrics();
        StateMachineStore store = kind.open(dir.resolve("r"));
        opened.add(store);
        ShardStateMachine replica = new ShardStateMachine("test", "b", store, CODEC, KvLimits.DEFAULT,
                SessionPolicy.DEFAULT, SHARDS, metrics, () -> 0);
        StateMachineStore leaderStore = kind.open(dir.resolve("l"));
        opened.add(leaderStore);
        ShardStateMachine leader = new ShardStateMachine("test", "b", leaderStore, CODEC, KvLimits.DEFAULT,
                SessionPolicy.DEFAULT, SHARDS);
        List<LogEntry> configs = List.of(new LogEntry(1, 1, EntryType.COMMAND, config(1, "a", "a", "a", "a")
                .toByteArray()), new LogEntry(2, 1, EntryType.COMMAND, config(2, "a", "b", "a", "a").toByteArray()));
        replica.apply(configs);
        leader.apply(configs);
        index = 2;
        assertEquals(1.0, stateGauge(metrics, 1, "pulling"));

        try (SnapshotSource snapshot = leader.openSnapshot(); InputStream in = snapshot.data()) {
            replica.installSnapshot(snapshot.index(), in);
        }
        assertEquals(1.0, stateGauge(metrics, 1, "pulling"), "the installed phase is published");
        assertEquals(2.0, metrics.gaugeValue("eraft_shard_config_number"));
        apply(replica, ShardCommand.newBuilder().setReceived(ref(2, 1)).build());
        assertEquals(1, metrics.counterValue("eraft_shard_migrations_total"));
        assertEquals(0, metrics.histogramCount("eraft_shard_migration_seconds"),
                "the pull may have started before the snapshot, where this replica did not see it");
        assertEquals(1.0, stateGauge(metrics, 1, "gc_pending"));
    }

    private static double stateGauge(InMemoryMetrics metrics, int shard, String state) {
        return metrics.gaugeValue("eraft_shard_state", "shard", Integer.toString(shard), "state", state);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aSnapshotCarriesPhasesConfigurationsAndData(StoreKind kind) throws Exception {
        ShardStateMachine source = machine(kind, "src");
        apply(source, config(1, "a", "a", "a", "a"));
        byte[] key = keyOfShard(1);
        apply(source, put(1, key));
        apply(source, config(2, "a", "b", "a", "a"));
        ShardStateMachine target = machine(kind, "dst");
        try (SnapshotSource snapshot = source.openSnapshot(); InputStream in = snapshot.data()) {
            target.installSnapshot(snapshot.index(), in);
        }
        assertEquals(source.phases(), target.phases());
        assertEquals(source.current(), target.current());
        assertEquals(source.previous(), target.previous());
        assertArrayEquals(b("v"), target.read(1, key));
    }

    private static ShardPhase serving() {
        return ShardPhase.SHARD_PHASE_SERVING;
    }

    private static ShardRef ref(long num, int shard) {
        return ShardRef.newBuilder().setConfigNum(num).setShard(shard).build();
    }

    private static ShardCommand config(long num, String... owners) {
        Map<String, List<NodeId>> groups = new TreeMap<>();
        for (String o : owners) {
            groups.put(o, List.of(NodeId.of(o + "-0")));
        }
        return ShardCommand.newBuilder().setConfig(new ShardConfig(num, List.of(owners), new TreeMap<>(groups))
                .toRecord()).build();
    }

    private static ShardCommand put(long seq, byte[] key) {
        return ShardCommand.newBuilder().setClient(ByteString.copyFrom(CODEC.encodeCommand(
                new Put(9, seq, key, b("v"))))).build();
    }

    private static byte[] keyOfShard(int shard) {
        for (int i = 0; ; i++) {
            byte[] k = b("k" + i);
            if (ShardKeys.shardOf(k, SHARDS) == shard) {
                return k;
            }
        }
    }

    private byte[] apply(ShardStateMachine sm, ShardCommand c) {
        return sm.apply(List.of(new LogEntry(++index, 1, EntryType.COMMAND, c.toByteArray()))).get(0);
    }

    private static KvResponse reply(byte[] bytes) {
        try {
            return KvResponse.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("undecodable reply", e);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.eraft.shardkv.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.codec.CodecException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.WriteBatch;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static io.eraft.shardkv.kv.Entries.b;
import static io.eraft.shardkv.kv.Entries.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KV state machine on each store provider, driven with log entries directly (no Raft): operation semantics,
 * exactly-once sessions and their deterministic expiry, one store batch per apply, restart, and snapshots.
 */
class KvStateMachineTest {
    private static final long A = 101;
    private static final long B = 202;

    @TempDir
    Path dir;

    private final List<StateMachineStore> opened = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        opened.forEach(StateMachineStore::close);
    }

    private StateMachineStore open(StoreKind kind, String name) {
        StateMachineStore store = kind.open(dir.resolve(name));
        opened.add(store);
        return store;
    }

    private static KvStateMachine machine(StateMachineStore store) {
        return machine(store, SessionPolicy.DEFAULT);
    }

    private static KvStateMachine machine(StateMachineStore store, SessionPolicy policy) {
        return new KvStateMachine("test", store, Entries.CODEC, KvLimits.DEFAULT, policy);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void eachApplyIsOneTimedStoreBatchAndTheSessionGaugeFollowsTheSessions(StoreKind kind) {
        InMemoryMetrics metrics = new InMemoryMetrics();
        AtomicLong clock = new AtomicLong();
        StateMachineStore store = open(kind, "s");
        KvStateMachine sm = new KvStateMachine("test", store, Entries.CODEC, KvLimits.DEFAULT,
                new SessionPolicy(10, 5), metrics, clock::get);
        assertEquals(0.0, metrics.gaugeValue("eraft_kv_client_sessions"), "no client yet");
        Entries e = new Entries().put(A, 1, "k", "v").put(B, 1, "k", "w").get("k");
        for (int i = 4; i <= 13; i++) {
            e.noop();
        }
        e.put(B, 2, "k", "x").noop();
        sm.apply(e.range(1, 1));
        assertEquals(1.0, metrics.gaugeValue("eraft_kv_client_sessions"));
        sm.apply(e.range(2, 3));
        assertEquals(2.0, metrics.gaugeValue("eraft_kv_client_sessions"), "a Get through the log adds no session");
        assertEquals(2, metrics.histogramCount("eraft_store_write_batch_seconds"), "one batch per apply call");
        sm.apply(e.range(4, 15));
        assertEquals(1.0, metrics.gaugeValue("eraft_kv_client_sessions"),
                "at index 15 client A was idle for 14 entries (>= 10): its session was dropped; B wrote at 14");
        assertEquals(3, metrics.histogramCount("eraft_store_write_batch_seconds"));
        assertEquals(0.0, metrics.histogramSum("eraft_store_write_batch_seconds"), "the fixed clock never moved");

        KvStateMachine reopened = new KvStateMachine("test", store, Entries.CODEC, KvLimits.DEFAULT,
                new SessionPolicy(10, 5), metrics, clock::get);
        assertEquals(1.0, metrics.gaugeValue("eraft_kv_client_sessions"), "a restart publishes the stored sessions");
        assertEquals(1, reopened.sessionCount());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void eachWriteTakesEffectAndIsAnsweredWithItsOutcome(StoreKind kind) {
        KvStateMachine sm = machine(open(kind, "s"));
        Entries e = new Entries().put(A, 1, "k", "v").append(A, 2, "k", "+").cas(A, 3, "k", "v+", "w")
                .cas(A, 4, "k", "nope", "x").delete(A, 5, "gone").append(A, 6, "new", "a");
        List<byte[]> replies = sm.apply(e.all());
        assertEquals(6, replies.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(KvStatus.KV_STATUS_OK, reply(replies.get(i)).getStatus(), "reply " + i);
        }
        assertTrue(reply(replies.get(2)).getApplied(), "CAS with the current value applies");
        assertFalse(reply(replies.get(3)).getApplied(), "CAS with another value does not");
        assertEquals("w", s(sm.read(b("k"))));
        assertEquals("a", s(sm.read(b("new"))));
        assertNull(sm.read(b("gone")));
        assertEquals(6, sm.lastApplied());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aRetriedWriteIsAnsweredFromTheSessionAndAppliedOnce(StoreKind kind) {
        KvStateMachine sm = machine(open(kind, "s"));
        Entries e = new Entries().append(A, 1, "k", "x").append(A, 1, "k", "x").cas(B, 1, "c", null, "1")
                .append(A, 1, "k", "x").cas(B, 1, "c", null, "1");
        List<byte[]> first = sm.apply(e.range(1, 3));
        List<byte[]> later = sm.apply(e.range(4, 5));
        assertEquals("x", s(sm.read(b("k"))), "three copies of one append, in one batch and across two");
        assertArrayEquals(first.get(0), first.get(1), "the retry in the same batch gets the original reply");
        assertArrayEquals(first.get(0), later.get(0), "the retry in a later batch gets the original reply");
        assertTrue(reply(later.get(1)).getApplied(), "a retried CAS reports what the original did, not a re-run");
        assertEquals(2, sm.sessionCount());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void retriesAreStillRecognisedAfterTheStoreIsReopened(StoreKind kind) {
        StateMachineStore store = kind.open(dir.resolve("s"));
        Entries e = new Entries().append(A, 1, "k", "x").noop();
        machine(store).apply(e.all());
        store.close();
        StateMachineStore reopened = open(kind, "s");
        KvStateMachine sm = machine(reopened);
        assertEquals(2, sm.lastApplied(), "a restart resumes at the applied index stored with the data");
        sm.apply(new Entries().noop().noop().append(A, 1, "k", "x").range(3, 3));
        assertEquals("x", s(sm.read(b("k"))), "the session survived the restart, so the retry was not applied");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void anOlderSequenceIsStaleAndAnUnknownClientMayStartOnlyAtOne(StoreKind kind) {
        KvStateMachine sm = machine(open(kind, "s"));
        Entries e = new Entries().put(A, 1, "k", "1").put(A, 2, "k", "2").put(A, 1, "k", "old").put(B, 5, "k", "b")
                .put(A, 0, "k", "zero");
        List<byte[]> r = sm.apply(e.all());
        assertEquals(KvStatus.KV_STATUS_STALE_REQUEST, reply(r.get(2)).getStatus());
        assertEquals(KvStatus.KV_STATUS_SESSION_EXPIRED, reply(r.get(3)).getStatus());
        assertTrue(reply(r.get(3)).getError().contains("request 5 was not applied"), reply(r.get(3)).getError());
        assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, reply(r.get(4)).getStatus());
        assertEquals("2", s(sm.read(b("k"))), "neither the stale, the sessionless nor the bad write applied");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void idleSessionsExpireAtAFixedLogIndex(StoreKind kind) {
        SessionPolicy policy = new SessionPolicy(10, 5);
        KvStateMachine sm = machine(open(kind, "s"), policy);
        Entries e = new Entries().put(A, 1, "a", "1");          // index 1
        for (int seq = 1; seq <= 14; seq++) {
            e.put(B, seq, "b", Integer.toString(seq));          // indexes 2..15
        }
        e.put(A, 2, "a", "2");                                  // index 16
        sm.apply(e.range(1, 14));
        assertEquals(2, sm.sessionCount(), "at index 10 client A was idle for 9 entries: kept");
        sm.apply(e.range(15, 15));
        assertEquals(1, sm.sessionCount(), "at index 15 client A was idle for 14 entries (>= 10): dropped");
        KvResponse r = reply(sm.apply(e.range(16, 16)).get(0));
        assertEquals(KvStatus.KV_STATUS_SESSION_EXPIRED, r.getStatus(), r.toString());
        assertEquals("1", s(sm.read(b("a"))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void theOutcomeDoesNotDependOnHowEntriesAreBatched(StoreKind kind) {
        SessionPolicy policy = new SessionPolicy(7, 3);
        Random random = new Random(42);
        Entries e = new Entries();
        long[] seq = new long[4];
        for (int i = 0; i < 120; i++) {
            int client = random.nextInt(4);
            String key = "k" + random.nextInt(3);
            int op = random.nextInt(6);
            long s = random.nextInt(5) == 0 && seq[client] > 0 ? seq[client] : ++seq[client]; // some retries
            switch (op) {
                case 0 -> e.put(client + 1, s, key, "p" + i);
                case 1, 2 -> e.append(client + 1, s, key, "a" + i);
                case 3 -> e.delete(client + 1, s, key);
                case 4 -> e.cas(client + 1, s, key, random.nextBoolean() ? null : "p" + (i - 1), "c" + i);
                default -> e.noop();
            }
        }
        List<LogEntry> all = e.all();
        KvStateMachine whole = machine(open(kind, "whole"), policy);
        List<byte[]> wholeReplies = whole.apply(all);
        KvStateMachine single = machine(open(kind, "single"), policy);
        List<byte[]> singleReplies = new ArrayList<>();
        for (LogEntry entry : all) {
            singleReplies.addAll(single.apply(List.of(entry)));
        }
        KvStateMachine split = machine(open(kind, "split"), policy);
        List<byte[]> splitReplies = new ArrayList<>();
        for (int from = 0; from < all.size(); ) {
            int to = Math.min(all.size(), from + 1 + random.nextInt(9));
            splitReplies.addAll(split.apply(all.subList(from, to)));
            from = to;
        }
        assertEquals(contents(whole.store()), contents(single.store()), "one batch vs one entry per batch");
        assertEquals(contents(whole.store()), contents(split.store()), "one batch vs random batches");
        for (int i = 0; i < all.size(); i++) {
            assertTrue(Arrays.equals(wholeReplies.get(i), singleReplies.get(i))
                    && Arrays.equals(wholeReplies.get(i), splitReplies.get(i)), "reply to entry " + (i + 1));
        }
        assertTrue(whole.sessionCount() < 4, "with a 7-entry lifetime some of the 4 clients' sessions expired");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void eachApplyIsOneStoreBatchCarryingItsLastIndex(StoreKind kind) {
        CountingStore store = new CountingStore(open(kind, "s"));
        KvStateMachine sm = machine(store);
        Entries e = new Entries().put(A, 1, "k", "v").noop().append(A, 2, "k", "w").cas(B, 1, "c", null, "1")
                .delete(B, 2, "k").noop().noop();
        sm.apply(e.range(1, 5));
        sm.apply(e.range(6, 7));
        assertEquals(2, store.batches.size(), "one write per apply call");
        WriteBatch first = store.batches.get(0);
        assertEquals(5, first.appliedIndexOrMinusOne());
        assertEquals(8, first.size(), "4 data writes and 4 session records");
        WriteBatch noops = store.batches.get(1);
        assertEquals(7, noops.appliedIndexOrMinusOne(), "no-ops still move the applied index");
        assertEquals(0, noops.size());
        assertEquals(7, sm.lastApplied());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void commandsOverTheLimitsOrUndecodableAreRefusedAndOnlyTheIndexMoves(StoreKind kind) {
        KvStateMachine sm = machine(open(kind, "s"));
        byte[] bigKey = new byte[KvLimits.DEFAULT.maxKeyBytes() + 1];
        Entries e = new Entries().command(new io.eraft.api.command.Put(A, 1, bigKey, b("v")))
                .raw(new byte[] {(byte) 0xff, 0x01}).put(A, 1, "k", "fits");
        List<byte[]> r = sm.apply(e.all());
        assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, reply(r.get(0)).getStatus());
        assertTrue(reply(r.get(0)).getError().contains("key of 501 bytes"), reply(r.get(0)).getError());
        assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, reply(r.get(1)).getStatus());
        assertTrue(reply(r.get(1)).getError().startsWith("log entry 2 is not a KV command"));
        assertEquals(KvStatus.KV_STATUS_OK, reply(r.get(2)).getStatus(),
                "the refused write left no session, so the same sequence number applies next");
        assertEquals(3, sm.lastApplied());
        assertEquals(List.of(), contents(sm.store()).stream().filter(kv -> kv.key().length > 100).toList(),
                "the oversized key was not written");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void limitsAllowingLongerKeysThanTheStoreHoldsFailAtStartNamingTheStore(StoreKind kind) {
        StateMachineStore store = open(kind, "s");
        KvLimits tooLong = new KvLimits(4096, 1 << 20);
        if (kind == StoreKind.LMDB) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new KvStateMachine("test", store, Entries.CODEC, tooLong, SessionPolicy.DEFAULT));
            assertTrue(e.getMessage().contains("lmdb store cannot hold keys of 4096 bytes"), e.getMessage());
        } else {
            KvStateMachine sm = new KvStateMachine("test", store, Entries.CODEC, tooLong, SessionPolicy.DEFAULT);
            String key = "k".repeat(4096);
            sm.apply(new Entries().put(A, 1, key, "v").all());
            assertEquals("v", s(sm.read(b(key))), "LevelDB holds 4 KiB keys");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aGetThroughTheLogSeesTheWritesBeforeItInTheSameBatch(StoreKind kind) {
        KvStateMachine sm = machine(open(kind, "s"));
        List<byte[]> r = sm.apply(new Entries().put(A, 1, "k", "v").get("k").delete(A, 2, "k").get("k").all());
        assertEquals("v", reply(r.get(1)).getValue().toStringUtf8());
        assertTrue(reply(r.get(1)).getFound());
        assertFalse(reply(r.get(3)).getFound(), "deleted earlier in the batch");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void takeSnapshotMakesTheAppliedStateDurableAndReturnsItsIndex(StoreKind kind) {
        KvStateMachine sm = machine(open(kind, "s"));
        sm.apply(new Entries().put(A, 1, "k", "v").noop().all());
        assertEquals(2, sm.takeSnapshot());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aSnapshotCarriesDataAndSessionsAndReplacesTheReceiversContents(StoreKind kind) throws IOException {
        KvStateMachine source = machine(open(kind, "source"));
        source.apply(new Entries().put(A, 1, "k", "v").append(B, 1, "log", "x").noop().all());
        byte[] snapshot = snapshotBytes(source);

        KvStateMachine target = machine(open(kind, "target"));
        target.apply(new Entries().put(A, 1, "stale", "old").all());
        target.installSnapshot(3, new ByteArrayInputStream(snapshot));
        assertEquals(3, target.lastApplied());
        assertEquals(contents(source.store()), contents(target.store()), "the receiver holds exactly the sender's");
        assertNull(target.read(b("stale")), "what the receiver had before is gone");
        target.apply(new Entries().noop().noop().noop().append(B, 1, "log", "x").range(4, 4));
        assertEquals("x", s(target.read(b("log"))), "the installed session recognises the retry");
    }

    @Test
    void aSnapshotFromALevelDbStoreInstallsIntoAnLmdbStore() throws IOException {
        KvStateMachine source = machine(open(StoreKind.LEVELDB, "source"));
        source.apply(new Entries().put(A, 1, "k", "v").put(A, 2, "empty", "").all());
        KvStateMachine target = machine(open(StoreKind.LMDB, "target"));
        target.installSnapshot(2, new ByteArrayInputStream(snapshotBytes(source)));
        assertEquals(contents(source.store()), contents(target.store()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aCutOrMislabelledSnapshotIsRefusedAndTheOldContentsStay(StoreKind kind) throws IOException {
        KvStateMachine source = machine(open(kind, "source"));
        Entries e = new Entries();
        for (int i = 0; i < 50; i++) {
            e.put(A, i + 1, "key" + i, "value" + i);
        }
        source.apply(e.all());
        byte[] snapshot = snapshotBytes(source);
        KvStateMachine target = machine(open(kind, "target"));
        target.apply(new Entries().put(B, 1, "mine", "kept").all());
        List<KeyValue> before = contents(target.store());

        byte[] cut = Arrays.copyOf(snapshot, snapshot.length - 7);
        RuntimeException e1 = assertThrows(RuntimeException.class,
                () -> target.installSnapshot(50, new ByteArrayInputStream(cut)));
        assertTrue(String.valueOf(e1.getMessage()).contains("snapshot"), String.valueOf(e1));
        CodecException e2 = assertThrows(CodecException.class,
                () -> target.installSnapshot(49, new ByteArrayInputStream(snapshot)));
        assertTrue(e2.getMessage().contains("covers 50"), e2.getMessage());
        assertEquals(before, contents(target.store()));
        assertEquals(1, target.lastApplied());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void anOpenSnapshotShowsTheStateWhenItWasOpenedWhileWritesGoOn(StoreKind kind) throws IOException {
        KvStateMachine source = machine(open(kind, "source"));
        source.apply(new Entries().put(A, 1, "k", "before").all());
        try (SnapshotSource snap = source.openSnapshot()) {
            source.apply(new Entries().noop().put(A, 2, "k", "after").range(2, 2));
            assertEquals(1, snap.index());
            KvStateMachine target = machine(open(kind, "target"));
            try (InputStream in = snap.data()) {
                target.installSnapshot(1, in);
            }
            assertEquals("before", s(target.read(b("k"))));
        }
    }

    private static byte[] snapshotBytes(KvStateMachine sm) throws IOException {
        try (SnapshotSource snap = sm.openSnapshot(); InputStream in = snap.data()) {
            return in.readAllBytes();
        }
    }

    private static List<KeyValue> contents(StateMachineStore store) {
        List<KeyValue> out = new ArrayList<>();
        try (CloseableIterator<KeyValue> it = store.scan(KeyRange.all())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static KvResponse reply(byte[] bytes) {
        try {
            return KvResponse.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a KvResponse", e);
        }
    }
}

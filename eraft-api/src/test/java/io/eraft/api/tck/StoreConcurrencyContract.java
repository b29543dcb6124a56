package io.eraft.api.tck;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.StoreSnapshot;
import io.eraft.api.store.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static io.eraft.api.tck.StoreData.b;
import static io.eraft.api.tck.StoreData.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract: reads from other threads see consistent, committed views while the single writer commits batches or
 * installs snapshots. Loops are bounded by counts, not time; the reader keeps going until the writer is done.
 *
 * <p>How a provider runs it: depend on the kit (eRaft's version) with JUnit Jupiter,
 * <pre>{@code
 * <dependency>
 *   <groupId>io.eraft</groupId>
 *   <artifactId>eraft-api</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and extend this class once in the provider's tests:
 * <pre>{@code
 * class MyStoreConcurrencyContractTest extends StoreConcurrencyContract {
 *     @Override
 *     protected StoreProvider provider() {
 *         return new MyStoreProvider();
 *     }
 * }
 * }</pre>
 */
public abstract class StoreConcurrencyContract extends StoreContract {
    private static final int ACCOUNTS = 20;
    private static final long BALANCE = 100;
    private static final byte[] ACCOUNT_PREFIX = b("acct-");
    private static final byte[] SEQ = b("seq");

    private static byte[] account(int i) {
        return b(String.format("acct-%02d", i));
    }

    private static byte[] num(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    private static long num(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    /**
     * Runs {@code reader} over and over on another thread until the writer has finished, then once more. The
     * writer calls {@link Interleaving#readerProgress()} now and then to wait (boundedly) for at least one more
     * read, so reads are spread over the writer's progress instead of depending on scheduling.
     */
    private static final class Interleaving {
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final AtomicInteger reads = new AtomicInteger();
        private volatile boolean readerFailed;

        void run(Consumer<Interleaving> writer, Runnable reader) throws InterruptedException {
            AtomicBoolean done = new AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    boolean last;
                    do {
                        last = done.get();
                        reader.run();
                        reads.incrementAndGet();
                    } while (!last);
                } catch (Throwable e) {
                    violations.add("reader failed: " + e);
                    readerFailed = true;
                }
            }, "contract-reader");
            t.start();
            try {
                writer.accept(this);
            } finally {
                done.set(true);
                t.join();
            }
        }

        /** Waits until the reader completes another read (at most 10 s, then it records a violation) or fails. */
        void readerProgress() {
            int seen = reads.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reads.get() == seen && !readerFailed) {
                if (System.nanoTime() > deadline) {
                    violations.add("the reader made no progress for 10 s");
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    @Test
    void readersSeeTheInvariantOfEveryCommittedBatchWhileTheWriterRuns(@TempDir Path dir) throws InterruptedException {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            WriteBatch init = new WriteBatch().put(SEQ, num(0));
            for (int i = 0; i < ACCOUNTS; i++) {
                init.put(account(i), num(BALANCE));
            }
            store.write(init.appliedIndex(0));
            int transfers = 400;
            Interleaving run = new Interleaving();
            List<String> violations = run.violations;
            Consumer<Interleaving> writer = progress -> {
                SplittableRandom random = new SplittableRandom(5);
                for (int n = 1; n <= transfers; n++) {
                    if (n % 40 == 0) {
                        progress.readerProgress();
                    }
                    int from = random.nextInt(ACCOUNTS);
                    int to = random.nextInt(ACCOUNTS);
                    long amount = random.nextInt(10);
                    long fromBalance = num(store.get(account(from)));
                    WriteBatch batch = new WriteBatch().put(account(from), num(fromBalance - amount));
                    long toBalance = from == to ? fromBalance - amount : num(store.get(account(to)));
                    batch.put(account(to), num(toBalance + amount)).put(SEQ, num(n));
                    store.write(batch.appliedIndex(n));
                }
            };
            Runnable reader = () -> {
                long sum = 0;
                int count = 0;
                try (CloseableIterator<KeyValue> it = store.scanPrefix(ACCOUNT_PREFIX)) {
                    while (it.hasNext()) {
                        sum += num(it.next().value());
                        count++;
                    }
                }
                if (count != ACCOUNTS || sum != ACCOUNTS * BALANCE) {
                    violations.add("scan saw " + count + " accounts summing to " + sum);
                }
                try (StoreSnapshot snapshot = store.snapshot(); CloseableIterator<KeyValue> it = snapshot.entries()) {
                    long seq = -1;
                    long snapSum = 0;
                    while (it.hasNext()) {
                        KeyValue kv = it.next();
                        if (java.util.Arrays.equals(kv.key(), SEQ)) {
                            seq = num(kv.value());
                        } else {
                            snapSum += num(kv.value());
                        }
                    }
                    if (seq != snapshot.appliedIndex() || snapSum != ACCOUNTS * BALANCE) {
                        violations.add("snapshot at applied index " + snapshot.appliedIndex() + " holds seq " + seq
                                + " and sum " + snapSum);
                    }
                }
            };
            run.run(writer, reader);
            assertEquals(List.of(), violations);
            assertTrue(run.reads.get() > transfers / 40, "the reader ran between the writer's checkpoints");
            assertEquals(transfers, store.appliedIndex());
            assertEquals(transfers, num(store.get(SEQ)));
        }
    }

    @Test
    void readersSeeTheOldOrTheNewContentsWhileSnapshotsAreInstalled(@TempDir Path dir) throws InterruptedException {
        StoreProvider provider = provider();
        int keys = 50;
        int installs = 15;
        try (StateMachineStore store = provider.open(dir)) {
            store.installSnapshot(0, generation(keys, 0).iterator());
            Interleaving run = new Interleaving();
            List<String> violations = run.violations;
            Consumer<Interleaving> writer = progress -> {
                for (int g = 1; g <= installs; g++) {
                    store.installSnapshot(g, generation(keys, g).iterator());
                    progress.readerProgress();
                }
            };
            Runnable reader = () -> {
                List<KeyValue> seen = new ArrayList<>();
                try (CloseableIterator<KeyValue> it = store.scan(KeyRange.all())) {
                    it.forEachRemaining(seen::add);
                }
                long distinctValues = seen.stream().map(kv -> new String(kv.value())).distinct().count();
                if (seen.size() != keys || distinctValues != 1) {
                    violations.add("scan saw " + seen.size() + " keys with " + distinctValues + " generations");
                }
                if (store.get(b("k-07")) == null) {
                    violations.add("a key present in every generation read as absent");
                }
            };
            run.run(writer, reader);
            assertEquals(List.of(), violations);
            assertTrue(run.reads.get() > installs, "the reader ran after every install");
            assertEquals(generation(keys, installs), StoreData.scan(store, KeyRange.all()));
            assertEquals(installs, store.appliedIndex());
        }
    }

    private static List<KeyValue> generation(int keys, int g) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            out.add(kv(String.format("k-%02d", i), "generation-" + g));
        }
        return out;
    }
}

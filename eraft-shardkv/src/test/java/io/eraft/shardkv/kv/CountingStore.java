package io.eraft.shardkv.kv;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreSnapshot;
import io.eraft.api.store.WriteBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A store that records every {@link #write(WriteBatch)} and refuses single-key writes, to show that the state machine
 * changes the store only through batches that carry the applied index.
 */
final class CountingStore implements StateMachineStore {
    private final StateMachineStore delegate;
    final List<WriteBatch> batches = new ArrayList<>();

    CountingStore(StateMachineStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String providerName() {
        return delegate.providerName();
    }

    @Override
    public byte[] get(byte[] key) {
        return delegate.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        throw new AssertionError("the state machine wrote a key outside a batch");
    }

    @Override
    public void append(byte[] key, byte[] suffix) {
        throw new AssertionError("the state machine wrote a key outside a batch");
    }

    @Override
    public void delete(byte[] key) {
        throw new AssertionError("the state machine deleted a key outside a batch");
    }

    @Override
    public void write(WriteBatch batch) {
        batches.add(batch);
        delegate.write(batch);
    }

    @Override
    public long appliedIndex() {
        return delegate.appliedIndex();
    }

    @Override
    public CloseableIterator<KeyValue> scan(KeyRange range) {
        return delegate.scan(range);
    }

    @Override
    public StoreSnapshot snapshot() {
        return delegate.snapshot();
    }

    @Override
    public void installSnapshot(long appliedIndex, Iterator<KeyValue> entries) {
        delegate.installSnapshot(appliedIndex, entries);
    }

    @Override
    public void sync() {
        delegate.sync();
    }

    @Override
    public long approximateSize() {
        return delegate.approximateSize();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

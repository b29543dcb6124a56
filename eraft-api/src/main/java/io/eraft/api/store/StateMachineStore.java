package io.eraft.api.store;

import java.util.Iterator;

/**
 * The key-value store a state machine writes through. Keys are ordered as unsigned bytes.
 *
 * <p>Threading: one writer thread at a time (the state machine's apply thread); reads, scans and snapshots are
 * safe from any thread and see a consistent, committed view. Writes are atomic per call; a {@link WriteBatch} is
 * atomic as a whole. Whether a write is durable before a crash depends on the provider's sync option; the applied
 * index stored with a batch is always exactly as durable as the data it covers.
 *
 * <p>Errors: every method throws {@link StoreException} (or a subclass) with the cause; no method returns a
 * partial result silently.
 */
public interface StateMachineStore extends AutoCloseable {

    /** The provider name this store was opened with ({@code leveldb}, {@code lmdb}, ...). */
    String providerName();

    /** The value stored under {@code key}, or {@code null} when the key is absent. */
    byte[] get(byte[] key);

    void put(byte[] key, byte[] value);

    /** Appends {@code suffix} to the current value (an absent key counts as the empty value). */
    void append(byte[] key, byte[] suffix);

    /** Deletes {@code key}; deleting an absent key is not an error. */
    void delete(byte[] key);

    /**
     * Applies every operation in {@code batch} and, if the batch carries one, the new applied index, atomically:
     * after a crash either all of it is present or none of it is.
     */
    void write(WriteBatch batch);

    /** The last applied log index stored by {@link #write(WriteBatch)}; 0 for a new store. */
    long appliedIndex();

    /**
     * The entries in {@code range}, in key order, from a consistent view taken when this method is called.
     * The caller must close the iterator.
     */
    CloseableIterator<KeyValue> scan(KeyRange range);

    /** Shorthand for {@code scan(KeyRange.prefix(prefix))}. */
    default CloseableIterator<KeyValue> scanPrefix(byte[] prefix) {
        return scan(KeyRange.prefix(prefix));
    }

    /**
     * A point-in-time view of all entries and the applied index, unaffected by later writes. The view streams its
     * entries (it never materialises the whole store) and must be closed.
     */
    StoreSnapshot snapshot();

    /**
     * Replaces the whole contents with {@code entries} and sets the applied index to {@code appliedIndex},
     * atomically: a crash during the install leaves either the old contents or the new ones, never a mix. Reads
     * that run concurrently see one or the other. The entries must be in strictly increasing key order.
     */
    void installSnapshot(long appliedIndex, Iterator<KeyValue> entries);

    /** Forces every write made so far to stable storage (a no-op for providers that sync every write). */
    void sync();

    /** An estimate of the bytes the store occupies on disk. */
    long approximateSize();

    /** Releases files, locks and native memory. Further calls fail with {@link StoreClosedException}. */
    @Override
    void close();
}

package io.eraft.api.store;

/**
 * A point-in-time view of a store: its entries and the applied index they reflect. Later writes to the store do not
 * show. It holds native resources (a LevelDB snapshot, an LMDB read transaction) until closed.
 */
public interface StoreSnapshot extends AutoCloseable {

    /** The applied index stored with the data this view shows. */
    long appliedIndex();

    /** Every entry in key order. May be called more than once; close each iterator. */
    CloseableIterator<KeyValue> entries();

    @Override
    void close();
}

package io.eraft.store.rocksdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreSnapshotContract;

/** The provider test kit's {@link StoreSnapshotContract}, run against the {@code rocksdb} provider. */
class RocksDbStoreSnapshotContractTest extends StoreSnapshotContract {
    @Override
    protected StoreProvider provider() {
        return new RocksDbStoreProvider();
    }
}

package io.eraft.store.rocksdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreScanContract;

/** The provider test kit's {@link StoreScanContract}, run against the {@code rocksdb} provider. */
class RocksDbStoreScanContractTest extends StoreScanContract {
    @Override
    protected StoreProvider provider() {
        return new RocksDbStoreProvider();
    }
}

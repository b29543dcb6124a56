package io.eraft.store.rocksdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreErrorsContract;

/** The provider test kit's {@link StoreErrorsContract}, run against the {@code rocksdb} provider. */
class RocksDbStoreErrorsContractTest extends StoreErrorsContract {
    @Override
    protected StoreProvider provider() {
        return new RocksDbStoreProvider();
    }
}

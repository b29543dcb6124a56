package io.eraft.store.rocksdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreBasicsContract;

/** The provider test kit's {@link StoreBasicsContract}, run against the {@code rocksdb} provider. */
class RocksDbStoreBasicsContractTest extends StoreBasicsContract {
    @Override
    protected StoreProvider provider() {
        return new RocksDbStoreProvider();
    }
}

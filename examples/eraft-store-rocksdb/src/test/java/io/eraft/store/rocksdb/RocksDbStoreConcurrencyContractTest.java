package io.eraft.store.rocksdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreConcurrencyContract;

/** The provider test kit's {@link StoreConcurrencyContract}, run against the {@code rocksdb} provider. */
class RocksDbStoreConcurrencyContractTest extends StoreConcurrencyContract {
    @Override
    protected StoreProvider provider() {
        return new RocksDbStoreProvider();
    }
}

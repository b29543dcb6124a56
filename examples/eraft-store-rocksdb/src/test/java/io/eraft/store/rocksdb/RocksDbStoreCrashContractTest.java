package io.eraft.store.rocksdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreCrashContract;

/** The provider test kit's {@link StoreCrashContract}, run against the {@code rocksdb} provider. */
class RocksDbStoreCrashContractTest extends StoreCrashContract {
    @Override
    protected StoreProvider provider() {
        return new RocksDbStoreProvider();
    }
}

package io.eraft.store.leveldb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreScanContract;

/** The provider test kit's {@link StoreScanContract}, run against the {@code leveldb} provider. */
class LevelDbStoreScanContractTest extends StoreScanContract {
    @Override
    protected StoreProvider provider() {
        return new LevelDbStoreProvider();
    }
}

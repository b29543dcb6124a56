package io.eraft.store.lmdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreScanContract;

/** The provider test kit's {@link StoreScanContract}, run against the {@code lmdb} provider. */
class LmdbStoreScanContractTest extends StoreScanContract {
    @Override
    protected StoreProvider provider() {
        return new LmdbStoreProvider();
    }
}

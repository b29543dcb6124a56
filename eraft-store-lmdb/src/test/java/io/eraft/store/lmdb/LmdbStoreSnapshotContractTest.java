package io.eraft.store.lmdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreSnapshotContract;

/** The provider test kit's {@link StoreSnapshotContract}, run against the {@code lmdb} provider. */
class LmdbStoreSnapshotContractTest extends StoreSnapshotContract {
    @Override
    protected StoreProvider provider() {
        return new LmdbStoreProvider();
    }
}

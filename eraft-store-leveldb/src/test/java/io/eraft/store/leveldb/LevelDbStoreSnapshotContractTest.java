package io.eraft.store.leveldb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreSnapshotContract;

/** The provider test kit's {@link StoreSnapshotContract}, run against the {@code leveldb} provider. */
class LevelDbStoreSnapshotContractTest extends StoreSnapshotContract {
    @Override
    protected StoreProvider provider() {
        return new LevelDbStoreProvider();
    }
}

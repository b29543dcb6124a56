package io.eraft.store.leveldb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreErrorsContract;

/** The provider test kit's {@link StoreErrorsContract}, run against the {@code leveldb} provider. */
class LevelDbStoreErrorsContractTest extends StoreErrorsContract {
    @Override
    protected StoreProvider provider() {
        return new LevelDbStoreProvider();
    }
}

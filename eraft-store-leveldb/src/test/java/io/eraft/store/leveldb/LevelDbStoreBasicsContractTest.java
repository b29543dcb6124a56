package io.eraft.store.leveldb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreBasicsContract;

/** The provider test kit's {@link StoreBasicsContract}, run against the {@code leveldb} provider. */
class LevelDbStoreBasicsContractTest extends StoreBasicsContract {
    @Override
    protected StoreProvider provider() {
        return new LevelDbStoreProvider();
    }
}

package io.eraft.store.leveldb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreCrashContract;

/** The provider test kit's {@link StoreCrashContract}, run against the {@code leveldb} provider. */
class LevelDbStoreCrashContractTest extends StoreCrashContract {
    @Override
    protected StoreProvider provider() {
        return new LevelDbStoreProvider();
    }
}

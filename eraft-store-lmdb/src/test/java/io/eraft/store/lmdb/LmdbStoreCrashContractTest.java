package io.eraft.store.lmdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreCrashContract;

/** The provider test kit's {@link StoreCrashContract}, run against the {@code lmdb} provider. */
class LmdbStoreCrashContractTest extends StoreCrashContract {
    @Override
    protected StoreProvider provider() {
        return new LmdbStoreProvider();
    }
}

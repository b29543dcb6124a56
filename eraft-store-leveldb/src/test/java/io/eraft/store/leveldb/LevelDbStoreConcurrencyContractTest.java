package io.eraft.store.leveldb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreConcurrencyContract;

/** The provider test kit's {@link StoreConcurrencyContract}, run against the {@code leveldb} provider. */
class LevelDbStoreConcurrencyContractTest extends StoreConcurrencyContract {
    @Override
    protected StoreProvider provider() {
        return new LevelDbStoreProvider();
    }
}

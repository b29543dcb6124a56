package io.eraft.store.lmdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreConcurrencyContract;

/** The provider test kit's {@link StoreConcurrencyContract}, run against the {@code lmdb} provider. */
class LmdbStoreConcurrencyContractTest extends StoreConcurrencyContract {
    @Override
    protected StoreProvider provider() {
        return new LmdbStoreProvider();
    }
}

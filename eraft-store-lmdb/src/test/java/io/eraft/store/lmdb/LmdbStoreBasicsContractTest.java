package io.eraft.store.lmdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreBasicsContract;

/** The provider test kit's {@link StoreBasicsContract}, run against the {@code lmdb} provider. */
class LmdbStoreBasicsContractTest extends StoreBasicsContract {
    @Override
    protected StoreProvider provider() {
        return new LmdbStoreProvider();
    }
}

package io.eraft.store.lmdb;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.tck.StoreErrorsContract;

/** The provider test kit's {@link StoreErrorsContract}, run against the {@code lmdb} provider. */
class LmdbStoreErrorsContractTest extends StoreErrorsContract {
    @Override
    protected StoreProvider provider() {
        return new LmdbStoreProvider();
    }
}

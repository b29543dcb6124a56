package io.eraft.persister;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;

import java.nio.file.Path;
import java.util.Map;

/** The log store contract against the {@code memory} provider, found through ServiceLoader. */
class MemoryLogStoreContractTest extends LogStoreContract {

    @Override
    protected LogStore openStore(Path directory) {
        return LogStoreProvider.byName("memory").open(directory, Map.of());
    }

    @Override
    protected void forget(Path directory) {
        MemoryLogStoreProvider.forget(directory);
    }
}

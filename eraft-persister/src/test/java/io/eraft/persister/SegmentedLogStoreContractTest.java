package io.eraft.persister;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;

import java.nio.file.Path;
import java.util.Map;

/**
 * The log store contract against the {@code segmented} provider, found through ServiceLoader, with small segments
 * and no entry cache, so the suite also crosses segment boundaries and reads entries back from their files.
 */
class SegmentedLogStoreContractTest extends LogStoreContract {

    @Override
    protected LogStore openStore(Path directory) {
        return LogStoreProvider.byName("segmented").open(directory,
                Map.of("segment-bytes", "1k", "cache-bytes", "0", "fsync", "true"));
    }

    @Override
    protected void forget(Path directory) {
        // the files go with the temporary directory
    }
}

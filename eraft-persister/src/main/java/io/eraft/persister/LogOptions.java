package io.eraft.persister;

import io.eraft.api.log.LogStoreException;
import io.eraft.api.store.StoreOption;
import io.eraft.api.store.StoreOptions;
import io.eraft.api.store.StoreOptionsException;

import java.util.List;
import java.util.Map;

/**
 * Parses a log provider's options with the typed option helpers of the API ({@link StoreOption}: sizes take k, m, g
 * suffixes, booleans true|false), reporting problems as {@link LogStoreException}.
 */
final class LogOptions {
    private LogOptions() {
    }

    /**
     * @throws LogStoreException for an unknown name (listing the known ones) or a bad value (naming the range)
     */
    static StoreOptions parse(String provider, List<StoreOption<?>> specs, Map<String, String> given) {
        try {
            return StoreOptions.parse(provider + " log store", specs, given == null ? Map.of() : given);
        } catch (StoreOptionsException e) {
            throw new LogStoreException(e.getMessage(), e);
        }
    }
}

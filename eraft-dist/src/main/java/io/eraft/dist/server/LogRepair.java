package io.eraft.dist.server;

import io.eraft.api.UnknownProviderException;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.spi.support.DirectoryLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code eraft repair-log}: repairs the Raft log of a stopped server's data directory offline, through its log
 * store's {@link LogStoreProvider#repair}, while holding the directory's lock (so never under a running server).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class LogRepair {
    private LogRepair() {
    }

    /**
     * Repairs the log under {@code dataDir} with log store {@code logProvider} and returns the store's report.
     *
     * @throws ConfigException      when there is no such data directory or log, or no such log store
     * @throws ServerStartException when a server holds the directory
     * @throws io.eraft.api.log.LogStoreException when the log cannot be repaired (the message says what to do)
     */
    public static String repair(Path dataDir, String logProvider) {
        LogStoreProvider provider;
        try {
            provider = LogStoreProvider.byName(logProvider);
        } catch (UnknownProviderException e) {
            throw new ConfigException("unknown log store '" + logProvider + "' (--log); log stores found: "
                    + String.join(", ", e.available()), e);
        }
        Path log = dataDir.resolve(DataDirectory.LOG);
        if (!Files.isDirectory(log)) {
            throw new ConfigException("no Raft log in " + dataDir.toAbsolutePath() + " (no " + DataDirectory.LOG
                    + "/ directory); give the data directory of a server (data.dir, --data-dir)");
        }
        try (DirectoryLock lock = DataDirectory.lock(dataDir, "wait until it has stopped")) {
            return provider.repair(log, Map.of());
        }
    }
}

package io.eraft.store.rocksdb;

import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreLockedException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

import java.nio.file.Path;

/** Turns RocksDB's errors (a RocksDBException's status) into the eRaft store exceptions. */
final class RocksDbErrors {
    private RocksDbErrors() {
    }

    /**
     * The exception for a failed {@code action} on the store in {@code dir}: RocksDB's "Corruption" status becomes
     * {@link StoreCorruptedException}, a LOCK failure {@link StoreLockedException}, anything else
     * {@link StoreException}; the message names the store, the action and RocksDB's status.
     */
    static StoreException translate(Path dir, String action, Exception e) {
        String status = String.valueOf(e.getMessage());
        String message = "rocksdb store " + dir + ": " + action + " failed: " + status;
        Status.Code code = e instanceof RocksDBException && ((RocksDBException) e).getStatus() != null
                ? ((RocksDBException) e).getStatus().getCode() : null;
        if (code == Status.Code.Corruption || status.startsWith("Corruption")) {
            return new StoreCorruptedException(message, e);
        }
        if (status.contains("/LOCK") || status.contains("lock hold by current process")) {
            return new StoreLockedException(message + " (another process has this store open)", e);
        }
        return new StoreException(message, e);
    }
}

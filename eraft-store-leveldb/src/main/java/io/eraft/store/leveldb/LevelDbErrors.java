package io.eraft.store.leveldb;

import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreLockedException;

import java.nio.file.Path;

/** Turns LevelDB's errors (status text in a DBException or IOException) into the eRaft store exceptions. */
final class LevelDbErrors {
    private LevelDbErrors() {
    }

    /**
     * The exception for a failed {@code action} on the store in {@code dir}: LevelDB's "Corruption" status becomes
     * {@link StoreCorruptedException}, a LOCK failure {@link StoreLockedException}, anything else
     * {@link StoreException}; the message names the store, the action and LevelDB's status.
     */
    static StoreException translate(Path dir, String action, Exception e) {
        String status = String.valueOf(e.getMessage());
        String message = "leveldb store " + dir + ": " + action + " failed: " + status;
        if (status.startsWith("Corruption")) {
            return new StoreCorruptedException(message, e);
        }
        if (status.contains("/LOCK") || status.contains("already held by process")) {
            return new StoreLockedException(message + " (another process has this store open)", e);
        }
        return new StoreException(message, e);
    }
}

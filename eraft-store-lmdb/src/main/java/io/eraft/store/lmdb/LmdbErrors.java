package io.eraft.store.lmdb;

import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

import java.nio.file.Path;

/** Turns lmdbjava's exceptions into the eRaft store exceptions, with a hint at the option to change. */
final class LmdbErrors {
    private LmdbErrors() {
    }

    static StoreException translate(Path dir, LmdbSettings settings, String action, RuntimeException e) {
        if (e instanceof StoreException) {
            return (StoreException) e;
        }
        String message = "lmdb store " + dir + ": " + action + " failed: ";
        if (e instanceof Env.MapFullException) {
            return new StoreException(message + "the map is full (map-size=" + settings.mapSize() + " bytes); "
                    + "nothing of this write was applied; reopen the store with a larger map-size option", e);
        }
        if (e instanceof Env.ReadersFullException) {
            return new StoreException(message + "all " + settings.maxReaders() + " reader slots are in use; close "
                    + "iterators and snapshots sooner or reopen with a larger max-readers option", e);
        }
        if (e instanceof Txn.TxFullException) {
            return new StoreException(message + "the write transaction has too many dirty pages; use smaller "
                    + "batches", e);
        }
        if (e instanceof Dbi.BadValueSizeException) {
            return new StoreException(message + "a key is empty or too long for LMDB", e);
        }
        if (e instanceof LmdbNativeException.PageCorruptedException
                || e instanceof LmdbNativeException.PageNotFoundException
                || e instanceof LmdbNativeException.PanicException
                || e instanceof Env.FileInvalidException
                || e instanceof Env.VersionMismatchException) {
            return new StoreCorruptedException(message + e.getMessage(), e);
        }
        return new StoreException(message + e, e);
    }
}

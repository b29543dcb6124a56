package io.eraft.store.rocksdb;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.file.Path;

/** One open RocksDB database: a generation of the store, named like {@code db-000001}. */
record Database(String name, Path path, RocksDB db, RocksDbSettings.OpenOptions options) {

    static {
        RocksDB.loadLibrary();
    }

    /** Opens the database in {@code path}; {@code create} makes a new one and fails if one exists. */
    static Database open(String name, Path path, RocksDbSettings settings, boolean create, Path storeDir) {
        RocksDbSettings.OpenOptions options = settings.openOptions(create);
        try {
            return new Database(name, path, RocksDB.open(options.options(), path.toString()), options);
        } catch (RocksDBException | RuntimeException e) {
            options.close();
            throw RocksDbErrors.translate(storeDir, (create ? "creating " : "opening ") + path, e);
        }
    }

    void close() {
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw new IllegalStateException("closing RocksDB " + path + " failed: " + e.getMessage(), e);
        } finally {
            options.close();
        }
    }
}

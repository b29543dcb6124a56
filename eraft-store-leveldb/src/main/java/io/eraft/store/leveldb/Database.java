package io.eraft.store.leveldb;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;

import java.io.IOException;
import java.nio.file.Path;

/** One open LevelDB database: a generation of the store, named like {@code db-000001}. */
record Database(String name, Path path, DB db) {

    /** Opens the database in {@code path}; {@code create} makes a new one and fails if one exists. */
    static Database open(String name, Path path, LevelDbSettings settings, boolean create, Path storeDir) {
        try {
            return new Database(name, path, JniDBFactory.factory.open(path.toFile(), settings.openOptions(create)));
        } catch (IOException | RuntimeException e) {
            throw LevelDbErrors.translate(storeDir, (create ? "creating " : "opening ") + path, e);
        }
    }

    void close() {
        try {
            db.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing LevelDB " + path + " failed", e);
        }
    }
}

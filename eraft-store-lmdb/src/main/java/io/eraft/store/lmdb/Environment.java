package io.eraft.store.lmdb;

import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** An open LMDB environment and its main database, which holds both user keys and metadata (see {@link KeySpace}). */
record Environment(Env<ByteBuffer> env, Dbi<ByteBuffer> dbi) {

    static Environment open(Path dir, LmdbSettings settings) {
        Env<ByteBuffer> env = Env.create(ByteBufferProxy.PROXY_OPTIMAL)
                .setMapSize(settings.mapSize())
                .setMaxReaders(settings.maxReaders())
                .setMaxDbs(1)
                .open(dir.toFile(), settings.envFlags());
        try {
            env.readerCheck();
            return new Environment(env, env.openDbi((byte[]) null, DbiFlags.MDB_CREATE));
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    void close() {
        env.close();
    }
}

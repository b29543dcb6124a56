package io.eraft.store.lmdb;

import io.eraft.api.settings.Settings;
import org.lmdbjava.EnvFlags;

import java.util.ArrayList;
import java.util.List;

/** Parsed {@code lmdb} options, turned into LMDB environment settings. */
record LmdbSettings(Settings options) {

    long mapSize() {
        return options.get(LmdbOptions.MAP_SIZE);
    }

    int maxReaders() {
        return options.get(LmdbOptions.MAX_READERS);
    }

    /**
     * Environment flags: always {@code MDB_NOTLS}, so that read transactions belong to iterators and snapshots
     * rather than threads (they may be closed on another thread), plus the sync mode's flag.
     */
    EnvFlags[] envFlags() {
        List<EnvFlags> flags = new ArrayList<>(List.of(EnvFlags.MDB_NOTLS));
        switch (options.get(LmdbOptions.SYNC)) {
            case NOMETASYNC:
                flags.add(EnvFlags.MDB_NOMETASYNC);
                break;
            case NOSYNC:
                flags.add(EnvFlags.MDB_NOSYNC);
                break;
            default:
                break;
        }
        return flags.toArray(new EnvFlags[0]);
    }

    @Override
    public String toString() {
        return options.toString();
    }
}

package io.eraft.store.lmdb;

import io.eraft.api.settings.Setting;

import java.util.List;

/** The options of the {@code lmdb} provider. */
final class LmdbOptions {
    /** How a commit reaches the disk. */
    enum SyncMode {
        /** fsync data and meta page on every commit: durable and safe against machine crashes (LMDB's default). */
        SYNC,
        /** fsync data but not the meta page: a machine crash may undo the last commit, never corrupts. */
        NOMETASYNC,
        /** no fsync at commit ({@code sync()} still flushes): a machine crash may lose or corrupt recent commits. */
        NOSYNC
    }

    static final Setting<Long> MAP_SIZE = Setting.size("map-size", 1L << 30, 1L << 20, 1L << 44,
            "largest size the database may grow to; installSnapshot needs room for "
                    + "the old and the new contents at once");
    static final Setting<Integer> MAX_READERS = Setting.integer("max-readers", 126, 1, 1 << 20,
            "concurrent read transactions: gets in flight plus open iterators and snapshots");
    static final Setting<SyncMode> SYNC = Setting.choice("sync", SyncMode.class, SyncMode.SYNC,
            "commit durability");

    static final List<Setting<?>> ALL = List.of(MAP_SIZE, MAX_READERS, SYNC);

    private LmdbOptions() {
    }
}

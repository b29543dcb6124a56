/** StateMachineStore provider {@code lmdb}, on lmdbjava. Needs the JVM flags listed in the README. */
module io.eraft.store.lmdb {
    requires transitive io.eraft.api;
    requires lmdbjava;
    requires jdk.unsupported;

    exports io.eraft.store.lmdb;

    provides io.eraft.api.store.StoreProvider with io.eraft.store.lmdb.LmdbStoreProvider;
}

/** StateMachineStore provider {@code leveldb}, on leveldbjni. */
module io.eraft.store.leveldb {
    requires transitive io.eraft.api;
    requires leveldbjni.all;

    exports io.eraft.store.leveldb;

    provides io.eraft.api.store.StoreProvider with io.eraft.store.leveldb.LevelDbStoreProvider;
}

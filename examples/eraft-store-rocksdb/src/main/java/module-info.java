/** StateMachineStore provider {@code rocksdb}, on rocksdbjni: a store plugin loaded from the image's plugins directory. */
module io.eraft.store.rocksdb {
    requires io.eraft.api;
    requires rocksdbjni;

    exports io.eraft.store.rocksdb;

    provides io.eraft.api.store.StoreProvider with io.eraft.store.rocksdb.RocksDbStoreProvider;
}

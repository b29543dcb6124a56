/**
 * eRaft's public API and service-provider interfaces: interfaces and small value types, plus
 * {@code io.eraft.api.spi.support}, the few helpers every provider needs (directory locks, resource tracking). Every
 * implementation lives in a provider module and is found through {@link java.util.ServiceLoader}.
 */
module io.eraft.api {
    exports io.eraft.api;
    exports io.eraft.api.store;
    exports io.eraft.api.codec;
    exports io.eraft.api.command;
    exports io.eraft.api.transport;
    exports io.eraft.api.log;
    exports io.eraft.api.raft;
    exports io.eraft.api.settings;
    exports io.eraft.api.cluster;
    exports io.eraft.api.metrics;
    exports io.eraft.api.spi.support;

    uses io.eraft.api.store.StoreProvider;
    uses io.eraft.api.codec.Codec;
    uses io.eraft.api.transport.TransportProvider;
    uses io.eraft.api.log.LogStoreProvider;
    uses io.eraft.api.raft.RaftProvider;
}

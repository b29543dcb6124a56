package io.eraft.transport.netty;

/** Told when a connection is ready for requests and when it is gone. Called without locks held. */
interface ConnectionListener {

    /**
     * Both hellos are through: a dialed {@code connection} carries this node's requests to {@link Connection#peer()},
     * an accepted one that node's requests to this one.
     */
    void established(Connection connection);

    /** {@code connection} closed, or never connected; its requests have failed. Called once. */
    void closed(Connection connection, String reason);
}

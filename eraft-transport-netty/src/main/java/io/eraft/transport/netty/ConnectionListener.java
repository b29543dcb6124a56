package io.eraft.transport.netty;

/** Told when a connection is ready for requests and when it is gone. Called without locks held. */
interface ConnectionListener {

    /** Both hellos are through: {@code connection} carries requests to and from {@link Connection#peer()}. */
    void established(Connection connection);

    /** {@code connection} closed, or never connected; its requests have failed. Called once. */
    void closed(Connection connection, String reason);
}

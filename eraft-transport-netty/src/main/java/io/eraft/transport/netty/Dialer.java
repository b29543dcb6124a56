package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;

import java.util.function.Consumer;

/** Opens this node's connections to other nodes. */
final class Dialer {
    private final Bootstrap bootstrap;
    private final ConnectionContext context;
    private final Pipelines pipelines;
    private final Consumer<Connection> opened;

    /**
     * @param bootstrap a bootstrap with the group, channel type and options set
     * @param opened    told of every connection before it connects
     */
    Dialer(Bootstrap bootstrap, ConnectionContext context, Pipelines pipelines, Consumer<Connection> opened) {
        this.bootstrap = bootstrap;
        this.context = context;
        this.pipelines = pipelines;
        this.opened = opened;
    }

    /** A connection to {@code target}, not yet started: requests may queue on it. */
    Connection newConnection(NodeId target, Address address) {
        return Connection.dialing(context, target, address);
    }

    /** Starts connecting; a failure closes {@code connection}, which fails its requests. */
    void connect(Connection connection, Address address) {
        opened.accept(connection);
        ChannelFuture connecting;
        try {
            connecting = bootstrap.clone()
                    .handler(pipelines.dialing(connection, address))
                    .connect(address.unresolved());
        } catch (RuntimeException e) {
            connection.connectFailed(e);
            return;
        }
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                connection.connectFailed(done.cause());
            }
        });
    }
}

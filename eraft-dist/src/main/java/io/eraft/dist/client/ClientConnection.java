package io.eraft.dist.client;

import io.eraft.api.transport.Transport;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.RaftSettings;
import io.eraft.shardkv.client.ClientBuilder;
import io.eraft.shardkv.client.EraftClient;
import io.eraft.shardkv.kv.KvClient;

import java.time.Duration;

/**
 * A tool's connection to a cluster: an {@link EraftClient} (the client applications embed) on the {@code netty}
 * transport, claiming the role and presenting the TLS files of its {@link ClientAccess}, with the largest values a
 * server takes as its limits. The cluster id is not checked: a tool talks to whatever cluster answers at the
 * addresses it was given. {@link ClusterClient} reaches one KV group, {@link ShardedClient} a sharded cluster.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public abstract class ClientConnection implements AutoCloseable {
    private final EraftClient client;

    ClientConnection(EraftClient client) {
        this.client = client;
    }

    /**
     * Connects {@code builder} as a tool does (no server is contacted until the first request).
     *
     * @param operationTimeout how long one operation of a clerk may take, retries included, before it fails
     * @throws io.eraft.shardkv.client.TlsFilesException when the TLS files are incomplete or unreadable
     * @throws io.eraft.api.transport.TransportException when they hold no PEM certificate, key or CAs
     */
    static <C extends EraftClient> C open(ClientBuilder<C> builder, ClientAccess access, Duration operationTimeout) {
        return builder.transport(EraftServer.TRANSPORT).role(access.role()).tls(access.tls())
                .limits(RaftSettings.CLIENT_LIMITS).operationTimeout(operationTimeout).connect();
    }

    /** A new clerk (one outstanding request at a time); clerks are cheap and share this client's connections. */
    public abstract KvClient newClerk();

    /** The transport, for admin requests such as status. */
    public Transport transport() {
        return client.transport();
    }

    /** Closes the connections; outstanding requests fail. */
    @Override
    public void close() {
        client.close();
    }
}

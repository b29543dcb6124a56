package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportProvider;
import io.eraft.transport.handling.Claim;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code netty} transport: requests and replies as length-prefixed protobuf frames over TCP, one connection per
 * pair of nodes for all channels, optional mutual TLS, epoll when its native library is present and NIO otherwise.
 *
 * <p>A node whose own id is in {@link TransportConfig#addresses()} listens on that {@code host:port}; a node whose id
 * is not (a client, e.g. a KV clerk) does not listen: it dials servers, says who it is in the handshake, and gets
 * its replies on that connection. Servers accept such clients and never dial them.
 *
 * <p>Options (unknown names are an error):
 * <ul>
 *   <li>{@code max-frame-bytes}: the largest frame sent or accepted, default {@code 64m}; a larger request fails at
 *   the sender, a larger incoming frame closes its connection;</li>
 *   <li>{@code max-pending-bytes-per-peer}: bytes that may wait to be written to one peer before further requests
 *   to it fail fast with {@link io.eraft.api.transport.PeerUnreachableException}, and request bytes a peer's
 *   connection may hold in this node's handlers before it stops reading; default {@code 64m};</li>
 *   <li>{@code connect-timeout-ms}: for connecting and for the handshake (TLS and hello), default 3000;</li>
 *   <li>{@code tls-cert}, {@code tls-key}, {@code tls-ca}: PEM files of the node's certificate chain, its PKCS#8
 *   private key and the CAs it trusts; all three turn on mutual TLS for every connection, in and out;</li>
 *   <li>{@code io-threads}: event loop threads, default the number of processors.</li>
 * </ul>
 * Sizes take the suffixes k, m and g (powers of 1024).
 */
public final class NettyTransportProvider implements TransportProvider {
    /** This provider's name. */
    public static final String NAME = "netty";
    /** Option: the largest frame, in bytes. */
    public static final String MAX_FRAME_BYTES = NettyOptions.MAX_FRAME_BYTES;
    /** Option: the bound on bytes waiting for one peer. */
    public static final String MAX_PENDING_BYTES_PER_PEER = NettyOptions.MAX_PENDING_BYTES_PER_PEER;
    /** Option: connect and handshake timeout in milliseconds. */
    public static final String CONNECT_TIMEOUT_MS = NettyOptions.CONNECT_TIMEOUT_MS;
    /** Option: the node's PEM certificate chain. */
    public static final String TLS_CERT = NettyOptions.TLS_CERT;
    /** Option: the node's PEM (PKCS#8) private key. */
    public static final String TLS_KEY = NettyOptions.TLS_KEY;
    /** Option: the PEM certificates of the CAs the node trusts. */
    public static final String TLS_CA = NettyOptions.TLS_CA;
    /** Option: the number of event loop threads. */
    public static final String IO_THREADS = NettyOptions.IO_THREADS;

    /** For {@link java.util.ServiceLoader}. */
    public NettyTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws TransportException for a bad option or address, unreadable TLS files, or when the node cannot listen
     *                            on its address (the message says when the port is in use and names the address)
     */
    @Override
    public Transport create(TransportConfig config) {
        NettyOptions options = NettyOptions.parse(config.options());
        Map<NodeId, Address> addresses = Address.parseAll(config.addresses());
        Optional<Tls> tls = options.tls().map(files -> Tls.load(files, options.connectTimeoutMillis()));
        return NettyTransport.start(new Claim(config.self(), config.clusterId(), config.role()), addresses, options,
                tls);
    }
}

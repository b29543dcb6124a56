package io.eraft.transport.netty;

import io.eraft.api.settings.Setting;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportProvider;
import io.eraft.transport.handling.Claim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code netty} transport: requests and replies as length-prefixed protobuf frames over TCP, optional mutual TLS,
 * epoll when its native library is present and NIO otherwise. A node sends all its requests to another node, on every
 * channel, over the one connection it dialed to that node's address; connections others open to it carry only their
 * requests (and its answers), so no connection another side opens can take over a node's traffic to a member.
 *
 * <p>A node whose own id is in {@link TransportConfig#addresses()} listens on that {@code host:port}; a node whose id
 * is not (a client, e.g. a KV clerk) does not listen: it dials servers, says who it is in the handshake, and gets
 * its replies on that connection. Servers accept such clients and never send them requests.
 *
 * <p>Identity. Each side's hello names its node, its cluster ({@link TransportConfig#clusterId()}) and its role
 * ({@link TransportConfig#role()}). A server (role {@code PEER}) refuses, with a reason the dialer's requests fail
 * with as {@link io.eraft.api.transport.AccessDeniedException}:
 * <ul>
 *   <li>a hello that claims {@code PEER} for another cluster ("wrong cluster: this is cluster X, the hello named Y"),
 *   or for a node that is not a member: not in its address map, and not named by a {@code host:port} of its own
 *   (as shard group servers are) ("n9 is not a member of cluster X");</li>
 *   <li>a hello that names a member (or claims {@code PEER}) and does not prove it: with TLS, the certificate must
 *   carry the subject alternative name {@code urn:eraft:peer:<node id>}; without TLS, the connection must come from
 *   an IP of that member's host (host names are looked up; option {@code peer-address-check});</li>
 *   <li>a hello that claims {@code ADMIN} when, with TLS, the certificate carries neither
 *   {@code urn:eraft:admin:<name>} nor a peer name. Without TLS an admin claim is taken as it is: TLS is what
 *   authenticates roles;</li>
 *   <li>a client hello that names another cluster (a client that names none is not checked).</li>
 * </ul>
 * The dialer checks the answer too: the node it dialed, the cluster when it knows its own, and with TLS that the
 * certificate names the node dialed; it sends its requests only after that. Each request is then checked against its
 * channel's {@link io.eraft.api.transport.Access}; for a {@code PEER} channel the handler's {@code from} is the
 * authenticated member. Refused connections, hellos and requests are logged rate-limited (10 lines per 10 s per
 * kind, the rest counted and summarised).
 *
 * <p>Membership changes. {@link io.eraft.api.transport.Transport#updateMembers} replaces the members: a new member is
 * dialed at the address the change gave and must prove it is there as a configured member does; a member the change
 * left out is refused as a peer ("c is not a member of the group any more"), unless its id is its own
 * {@code host:port}, and its peer connections, both ways, are closed. Configured members keep their configured
 * address; client connections are not touched; this node may still send requests to a removed node.
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
 *   private key (RSA or EC) and the CAs it trusts; all three turn on mutual TLS for every connection, in and out;</li>
 *   <li>{@code io-threads}: event loop threads, default the number of processors;</li>
 *   <li>{@code peer-address-check}: {@code true} (default) or {@code false}; without TLS, whether a hello that names
 *   a member must come from an IP of that member's host. Turn it off only where members reach each other through
 *   NAT or a proxy (their connections come from other addresses); then any process that can reach the port and
 *   knows the cluster id can speak for a member, so use TLS instead where possible.</li>
 * </ul>
 * Sizes are read as {@link io.eraft.api.settings.Sizes} reads them ({@code 64MiB}, {@code 64m}).
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
    /** Option: without TLS, check that a hello naming a member comes from that member's host (true/false). */
    public static final String PEER_ADDRESS_CHECK = NettyOptions.PEER_ADDRESS_CHECK;

    /** For {@link java.util.ServiceLoader}. */
    public NettyTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return NettyOptions.ALL;
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

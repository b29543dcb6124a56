package io.eraft.transport.netty;

import io.eraft.api.transport.TransportException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;

/**
 * Mutual TLS for every connection of a node: it presents its certificate, and accepts only a peer (node or client)
 * whose certificate chains to one of its trusted CAs. The name in a certificate is not checked against the address
 * dialed; membership of the trusted CA set is what admits a peer.
 */
final class Tls {
    private final SslContext server;
    private final SslContext client;
    private final int handshakeTimeoutMillis;

    private Tls(SslContext server, SslContext client, int handshakeTimeoutMillis) {
        this.server = server;
        this.client = client;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** @throws TransportException naming the files when they do not hold a PEM certificate chain, key and CAs */
    static Tls load(NettyOptions.TlsFiles files, int handshakeTimeoutMillis) {
        try {
            SslContext server = SslContextBuilder.forServer(files.certificate().toFile(), files.privateKey().toFile())
                    .trustManager(files.trustedCas().toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
            SslContext client = SslContextBuilder.forClient()
                    .keyManager(files.certificate().toFile(), files.privateKey().toFile())
                    .trustManager(files.trustedCas().toFile())
                    .endpointIdentificationAlgorithm(null)
                    .build();
            return new Tls(server, client, handshakeTimeoutMillis);
        } catch (SSLException | IllegalArgumentException e) {
            throw new TransportException("cannot load the TLS files (certificate " + files.certificate() + ", key "
                    + files.privateKey() + ", CAs " + files.trustedCas() + "): " + e.getMessage(), e);
        }
    }

    /** The TLS handler of a connection another node opened. */
    SslHandler accepting(ByteBufAllocator alloc) {
        return withTimeout(server.newHandler(alloc));
    }

    /** The TLS handler of a connection this node opens to {@code address}. */
    SslHandler dialing(ByteBufAllocator alloc, Address address) {
        return withTimeout(client.newHandler(alloc, address.host(), address.port()));
    }

    private SslHandler withTimeout(SslHandler handler) {
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}

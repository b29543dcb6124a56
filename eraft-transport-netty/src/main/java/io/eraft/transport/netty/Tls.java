package io.eraft.transport.netty;

import io.eraft.api.transport.TransportException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Mutual TLS for every connection of a node: it presents its certificate, and accepts only a peer (node or client)
 * whose certificate chains to one of its trusted CAs. Host names are not checked against the address dialed; what a
 * certificate may claim is bound by its eraft names ({@link CertificateNames}): a hello is believed only as far as
 * the certificate backs it, and a dialer checks that the certificate of the node that answers names that node.
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
        checkKeyForm(files);
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

    /** The eraft names in the certificate the other side of {@code channel} presented (none without TLS). */
    static CertificateNames peerNames(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return CertificateNames.of(null);
        }
        try {
            return CertificateNames.of(ssl.engine().getSession().getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return CertificateNames.of(null);
        }
    }

    /**
     * Refuses, with the command that converts it, a key in a form the JDK cannot read without extra libraries
     * (SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY") or an encrypted one.
     */
    private static void checkKeyForm(NettyOptions.TlsFiles files) {
        String pem;
        try {
            pem = Files.readString(files.privateKey(), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return; // loading reports what is wrong with the file
        }
        String key = files.privateKey().toString();
        if (pem.contains("-----BEGIN EC PRIVATE KEY-----") || pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new TransportException("the key file " + key + " is not in PKCS#8 form (it is a "
                    + (pem.contains("BEGIN EC") ? "SEC1 EC" : "PKCS#1 RSA") + " key); convert it with: openssl pkcs8"
                    + " -topk8 -nocrypt -in " + key + " -out key.pk8.pem");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new TransportException("the key file " + key + " is encrypted; give an unencrypted PKCS#8 key"
                    + " (openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key.pk8.pem) and protect the file");
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

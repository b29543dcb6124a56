package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.TransportException;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.failure;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mutual TLS with a CA made at test time: trusted nodes and clients talk, anyone else is refused. */
class TlsTest {
    @TempDir
    static Path dir;
    private static Map<String, String> nodeA;
    private static Map<String, String> nodeB;
    private static Map<String, String> trustedClient;
    private static Map<String, String> untrustedClient;

    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B);

    @BeforeAll
    static void makeCertificates() throws Exception {
        X509Bundle ca = authority("CN=eraft test CA");
        X509Bundle otherCa = authority("CN=someone else's CA");
        nodeA = tlsOptions("a", issued("CN=a", ca), ca);
        nodeB = tlsOptions("b", issued("CN=b", ca), ca);
        trustedClient = tlsOptions("clerk", issued("CN=clerk", ca), ca);
        untrustedClient = tlsOptions("intruder", issued("CN=intruder", otherCa), ca);
    }

    @Test
    void nodesWithCertificatesFromTheTrustedCaTalkBothWays() throws Exception {
        try (NettyTransport a = Fixtures.netty(A, addresses, nodeA);
             NettyTransport b = Fixtures.netty(B, addresses, nodeB)) {
            a.register(CHANNEL, ECHO);
            b.register(CHANNEL, ECHO);

            assertEquals("to b", text(value(a.request(B, CHANNEL, bytes("to b"), LONG))));
            assertEquals("to a", text(value(b.request(A, CHANNEL, bytes("to a"), LONG))));
            assertEquals(1, a.connectionCount());
        }
    }

    @Test
    void aClientWithATrustedCertificateIsServed() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport clerk = Fixtures.netty(NodeId.of("clerk"), Map.of(B, addresses.get(B)), trustedClient)) {
            b.register(CHANNEL, ECHO);

            assertEquals("kv", text(value(clerk.request(B, CHANNEL, bytes("kv"), LONG))));
        }
    }

    @Test
    void aClientWhoseCertificateIsNotFromATrustedCaIsRefused() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport intruder = Fixtures.netty(NodeId.of("intruder"), Map.of(B, addresses.get(B)),
                     untrustedClient);
             NettyTransport clerk = Fixtures.netty(NodeId.of("clerk"), Map.of(B, addresses.get(B)), trustedClient)) {
            b.register(CHANNEL, ECHO);

            Throwable error = failure(intruder.request(B, CHANNEL, bytes("let me in"), LONG));

            assertInstanceOf(PeerUnreachableException.class, error);
            assertEquals(0, b.stats().requestsReceived(), "the intruder's request reached a handler");
            assertEquals("still serving", text(value(clerk.request(B, CHANNEL, bytes("still serving"), LONG))));
        }
    }

    @Test
    void aServerWhoseCertificateIsNotFromATrustedCaIsRefusedByTheDialer() throws Exception {
        Map<String, String> impostor = new HashMap<>(untrustedClient);
        try (NettyTransport b = Fixtures.netty(B, addresses, impostor);
             NettyTransport a = Fixtures.netty(A, addresses, nodeA)) {
            b.register(CHANNEL, ECHO);

            Throwable error = failure(a.request(B, CHANNEL, bytes("secret"), LONG));

            assertInstanceOf(PeerUnreachableException.class, error);
            assertTrue(error.getMessage().contains("TLS"), error.getMessage());
            assertEquals(0, b.stats().requestsReceived());
        }
    }

    @Test
    void aPlainTextClientIsRefusedByATlsNode() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport plain = Fixtures.netty(NodeId.of("plain"), Map.of(B, addresses.get(B)))) {
            b.register(CHANNEL, ECHO);

            assertInstanceOf(PeerUnreachableException.class, failure(plain.request(B, CHANNEL, bytes("hi"), LONG)));
            assertEquals(0, b.stats().requestsReceived());
        }
    }

    @Test
    void anIncompleteSetOfTlsOptionsIsRejectedNamingWhatIsMissing() {
        Map<String, String> partial = new HashMap<>(nodeA);
        partial.remove(NettyTransportProvider.TLS_CA);

        TransportException e = assertThrows(TransportException.class, () -> Fixtures.netty(A, addresses, partial));

        assertTrue(e.getMessage().contains("missing [tls-ca]"), e.getMessage());
    }

    @Test
    void aKeyFileThatIsNotAKeyIsRejectedNamingTheFiles() throws IOException {
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");
        Map<String, String> broken = new HashMap<>(nodeA);
        broken.put(NettyTransportProvider.TLS_KEY, notAKey.toString());

        TransportException e = assertThrows(TransportException.class, () -> Fixtures.netty(A, addresses, broken));

        assertTrue(e.getMessage().contains("cannot load the TLS files"), e.getMessage());
        assertTrue(e.getMessage().contains(notAKey.toString()), e.getMessage());
    }

    private static X509Bundle authority(String subject) throws Exception {
        return new CertificateBuilder()
                .subject(subject)
                .ecp256()
                .setIsCertificateAuthority(true)
                .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
                .notAfter(Instant.now().plus(1, ChronoUnit.DAYS))
                .buildSelfSigned();
    }

    private static X509Bundle issued(String subject, X509Bundle issuer) throws Exception {
        return new CertificateBuilder()
                .subject(subject)
                .ecp256()
                .addExtendedKeyUsageServerAuth()
                .addExtendedKeyUsageClientAuth()
                .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
                .notAfter(Instant.now().plus(1, ChronoUnit.DAYS))
                .buildIssuedBy(issuer);
    }

    /** Writes the PEM files of {@code identity} and of the trusted {@code ca}; returns the options naming them. */
    private static Map<String, String> tlsOptions(String name, X509Bundle identity, X509Bundle ca) throws IOException {
        Path cert = Files.writeString(dir.resolve(name + "-cert.pem"), identity.getCertificatePathPEM());
        Path key = Files.writeString(dir.resolve(name + "-key.pem"), identity.getPrivateKeyPEM());
        Path trusted = Files.writeString(dir.resolve(name + "-ca.pem"), ca.getCertificatePEM());
        return Map.of(NettyTransportProvider.TLS_CERT, cert.toString(),
                NettyTransportProvider.TLS_KEY, key.toString(),
                NettyTransportProvider.TLS_CA, trusted.toString());
    }
}

package io.eraft.transport.netty;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.C;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.CLUSTER;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.failure;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutual TLS with a CA made at test time (EC P-256 keys): trusted nodes and clients talk, anyone else is refused, and
 * a certificate backs only the identity and role it names ({@code urn:eraft:peer:<node>}, {@code urn:eraft:admin:}).
 */
class TlsTest {
    private static final String ADMIN_CHANNEL = "admin";
    private static final String CLIENT_CHANNEL = "kv";

    @TempDir
    static Path dir;
    private static X509Bundle ca;
    private static Map<String, String> nodeA;
    private static Map<String, String> nodeB;
    private static Map<String, String> nodeC;
    private static Map<String, String> trustedClient;
    private static Map<String, String> admin;
    private static Map<String, String> untrustedClient;

    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B, C);

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = authority("CN=eraft test CA");
        X509Bundle otherCa = authority("CN=someone else's CA");
        nodeA = tlsOptions("a", issued("CN=a", ca, "urn:eraft:peer:a"), ca);
        nodeB = tlsOptions("b", issued("CN=b", ca, "urn:eraft:peer:b"), ca);
        nodeC = tlsOptions("c", issued("CN=c", ca, "urn:eraft:peer:c"), ca);
        trustedClient = tlsOptions("clerk", issued("CN=clerk", ca), ca);
        admin = tlsOptions("ops", issued("CN=ops", ca, "urn:eraft:admin:ops"), ca);
        untrustedClient = tlsOptions("intruder", issued("CN=intruder", otherCa), ca);
    }

    @Test
    void nodesWithPeerCertificatesNamingThemTalkBothWays() throws Exception {
        try (NettyTransport a = Fixtures.netty(A, addresses, nodeA);
             NettyTransport b = Fixtures.netty(B, addresses, nodeB)) {
            AtomicReference<NodeId> seenByB = new AtomicReference<>();
            a.register(CHANNEL, ECHO);
            b.register(CHANNEL, (from, payload) -> {
                seenByB.set(from);
                return CompletableFuture.completedFuture(payload);
            });

            assertEquals("to b", text(value(a.request(B, CHANNEL, bytes("to b"), LONG))));
            assertEquals("to a", text(value(b.request(A, CHANNEL, bytes("to a"), LONG))));
            assertEquals(A, seenByB.get());
            assertEquals(2, a.connectionCount(), "the one a dialed to b and the one b dialed to a");
        }
    }

    @Test
    void aClientWithATrustedCertificateIsServedOnClientChannels() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport clerk = Fixtures.client(NodeId.of("clerk"), Map.of(B, addresses.get(B)), trustedClient)) {
            b.register(CLIENT_CHANNEL, Access.CLIENT, ECHO);

            assertEquals("kv", text(value(clerk.request(B, CLIENT_CHANNEL, bytes("kv"), LONG))));
        }
    }

    @Test
    void aPeerCertificateOfOneNodeCannotClaimToBeAnother() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport impostor = Fixtures.netty(A, addresses, nodeC)) {
            b.register(CHANNEL, ECHO);

            Throwable error = failure(impostor.request(B, CHANNEL, bytes("I am a"), LONG));

            assertInstanceOf(AccessDeniedException.class, error);
            assertTrue(error.getMessage().contains("node b at " + addresses.get(B) + " refused this node's hello: the"
                    + " hello names member a of cluster " + CLUSTER + ", but the certificate names peer(s) [c], not a"),
                    error.getMessage());
            assertEquals(0, b.stats().requestsReceived(), "the impostor's request reached a handler");
        }
    }

    @Test
    void aClientCertificateCannotBeAPeer() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport posing = Fixtures.netty(A, addresses, trustedClient)) {
            b.register(CHANNEL, ECHO);

            Throwable error = failure(posing.request(B, CHANNEL, bytes("append entries"), LONG));

            assertInstanceOf(AccessDeniedException.class, error);
            assertTrue(error.getMessage().contains("(a client certificate), and only a certificate naming"
                    + " urn:eraft:peer:a may speak for that node"), error.getMessage());
            assertEquals(0, b.stats().requestsReceived());
        }
    }

    @Test
    void aClientCertificateCannotBeAnAdmin() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport posing = Fixtures.start(adminConfig(NodeId.of("ops"), trustedClient))) {
            b.register(ADMIN_CHANNEL, Access.ADMIN, ECHO);

            Throwable error = failure(posing.request(B, ADMIN_CHANNEL, bytes("remove node a"), LONG));

            assertInstanceOf(AccessDeniedException.class, error);
            assertTrue(error.getMessage().contains("the hello claims the ADMIN role, but the certificate carries no"
                    + " urn:eraft:peer: or urn:eraft:admin: name (a client certificate)"), error.getMessage());
            assertEquals(0, b.stats().requestsReceived());
        }
    }

    @Test
    void anAdminCertificateReachesAdminAndClientChannelsButNotPeerChannels() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport ops = Fixtures.start(adminConfig(NodeId.of("ops"), admin))) {
            AtomicReference<NodeId> raftSaw = new AtomicReference<>();
            b.register(ADMIN_CHANNEL, Access.ADMIN, ECHO);
            b.register(CLIENT_CHANNEL, Access.CLIENT, ECHO);
            b.register(CHANNEL, (from, payload) -> {
                raftSaw.set(from);
                return CompletableFuture.completedFuture(payload);
            });

            assertEquals("join d", text(value(ops.request(B, ADMIN_CHANNEL, bytes("join d"), LONG))));
            assertEquals("get k", text(value(ops.request(B, CLIENT_CHANNEL, bytes("get k"), LONG))));
            Throwable error = failure(ops.request(B, CHANNEL, bytes("vote"), LONG));

            assertInstanceOf(AccessDeniedException.class, error);
            assertTrue(error.getMessage().contains("takes PEER requests only, and node ops connected as ADMIN"),
                    error.getMessage());
            assertNull(raftSaw.get(), "the peer channel's handler saw the admin's request");
        }
    }

    @Test
    void aDialerRefusesANodeWhoseCertificateDoesNotNameTheNodeItDialed() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeC);
             NettyTransport a = Fixtures.netty(A, addresses, nodeA)) {
            b.register(CHANNEL, ECHO);

            Throwable error = failure(a.request(B, CHANNEL, bytes("the leader's entries"), LONG));

            assertInstanceOf(AccessDeniedException.class, error);
            assertTrue(error.getMessage().contains("the certificate of the node answering for b does not name it"
                    + " (the certificate names peer(s) [c])"), error.getMessage());
            assertEquals(0, b.stats().requestsReceived(), "a sent its request before checking who answered");
        }
    }

    @Test
    void aClientWhoseCertificateIsNotFromATrustedCaIsRefused() throws Exception {
        try (NettyTransport b = Fixtures.netty(B, addresses, nodeB);
             NettyTransport intruder = Fixtures.client(NodeId.of("intruder"), Map.of(B, addresses.get(B)),
                     untrustedClient);
             NettyTransport clerk = Fixtures.client(NodeId.of("clerk"), Map.of(B, addresses.get(B)), trustedClient)) {
            b.register(CLIENT_CHANNEL, Access.CLIENT, ECHO);

            Throwable error = failure(intruder.request(B, CLIENT_CHANNEL, bytes("let me in"), LONG));

            assertInstanceOf(PeerUnreachableException.class, error);
            assertEquals(0, b.stats().requestsReceived(), "the intruder's request reached a handler");
            assertEquals("still serving", text(value(clerk.request(B, CLIENT_CHANNEL, bytes("still serving"), LONG))));
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
             NettyTransport plain = Fixtures.client(NodeId.of("plain"), Map.of(B, addresses.get(B)))) {
            b.register(CLIENT_CHANNEL, Access.CLIENT, ECHO);

            assertInstanceOf(PeerUnreachableException.class,
                    failure(plain.request(B, CLIENT_CHANNEL, bytes("hi"), LONG)));
            assertEquals(0, b.stats().requestsReceived());
        }
    }

    @Test
    void aSec1EcKeyIsRefusedWithTheCommandThatConvertsItToPkcs8() throws Exception {
        X509Bundle identity = issued("CN=a", ca, "urn:eraft:peer:a");
        Path sec1 = Files.writeString(dir.resolve("a-sec1-key.pem"), "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(sec1Of(identity.getKeyPair().getPrivate().getEncoded()))
                + "\n-----END EC PRIVATE KEY-----\n");
        Map<String, String> options = new HashMap<>(nodeA);
        options.put(NettyTransportProvider.TLS_KEY, sec1.toString());

        TransportException e = assertThrows(TransportException.class, () -> Fixtures.netty(A, addresses, options));

        assertTrue(e.getMessage().contains("the key file " + sec1 + " is not in PKCS#8 form (it is a SEC1 EC key);"
                + " convert it with: openssl pkcs8 -topk8 -nocrypt -in " + sec1), e.getMessage());
    }

    @Test
    void theTransportModuleBringsTheEcProviderIntoEveryRuntimeImage() {
        ModuleDescriptor descriptor = NettyTransportProvider.class.getModule().getDescriptor();

        assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals("jdk.crypto.ec")),
                "without jdk.crypto.ec a jlink image cannot read EC keys: " + descriptor.requires());
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

    private TransportConfig adminConfig(NodeId self, Map<String, String> options) {
        return new TransportConfig(self, Map.of(B, addresses.get(B)), options, CLUSTER, Access.ADMIN);
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

    /** A certificate for client and server use, with {@code uris} as subject alternative names. */
    private static X509Bundle issued(String subject, X509Bundle issuer, String... uris) throws Exception {
        CertificateBuilder builder = new CertificateBuilder()
                .subject(subject)
                .ecp256()
                .addExtendedKeyUsageServerAuth()
                .addExtendedKeyUsageClientAuth()
                .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
                .notAfter(Instant.now().plus(1, ChronoUnit.DAYS));
        for (String uri : uris) {
            builder.addSanUriName(uri);
        }
        return builder.buildIssuedBy(issuer);
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

    /**
     * The SEC1 {@code ECPrivateKey} inside a PKCS#8 EC key: PrivateKeyInfo is SEQUENCE { version, algorithm,
     * OCTET STRING holding the SEC1 structure }.
     */
    private static byte[] sec1Of(byte[] pkcs8) {
        int[] at = {0};
        header(pkcs8, at, 0x30);
        skip(pkcs8, at, 0x02); // version
        skip(pkcs8, at, 0x30); // algorithm
        int length = header(pkcs8, at, 0x04);
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    }

    private static void skip(byte[] der, int[] at, int tag) {
        int length = header(der, at, tag);
        at[0] += length;
    }

    /** Reads a DER tag (which must be {@code tag}) and length at {@code at[0]}; leaves {@code at[0]} at the value. */
    private static int header(byte[] der, int[] at, int tag) {
        assertEquals(tag, der[at[0]++] & 0xFF, "DER tag");
        int length = der[at[0]++] & 0xFF;
        if (length > 0x7F) {
            int bytes = length & 0x7F;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[at[0]++] & 0xFF);
            }
        }
        return length;
    }
}

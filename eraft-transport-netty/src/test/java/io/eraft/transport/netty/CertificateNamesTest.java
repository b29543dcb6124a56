package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.Test;

import java.security.cert.Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What identities a certificate's subject alternative names give its holder. */
class CertificateNamesTest {

    @Test
    void peerAndAdminUrisAreReadAndOtherNamesIgnored() throws Exception {
        CertificateNames names = namesOf("urn:eraft:peer:n1", "URN:ERAFT:ADMIN:ops", "https://example.org/n2",
                "urn:other:peer:n3");

        assertEquals(Set.of(NodeId.of("n1")), names.peers());
        assertEquals(Set.of("ops"), names.admins());
    }

    @Test
    void aNodeIdThatIsAnIpv6AddressMayBePercentEncoded() throws Exception {
        CertificateNames names = namesOf("urn:eraft:peer:%5B::1%5D:7201", "urn:eraft:peer:10.0.0.7:7301");

        assertEquals(Set.of(NodeId.of("[::1]:7201"), NodeId.of("10.0.0.7:7301")), names.peers());
    }

    @Test
    void aCertificateWithoutEraftNamesIsAClientsAndSaysSo() throws Exception {
        CertificateNames names = namesOf();

        assertTrue(names.peers().isEmpty() && names.admins().isEmpty());
        assertEquals("the certificate carries no urn:eraft:peer: or urn:eraft:admin: name (a client certificate)",
                names.describe());
        assertTrue(CertificateNames.of(null).peers().isEmpty());
    }

    private static CertificateNames namesOf(String... uris) throws Exception {
        CertificateBuilder builder = new CertificateBuilder()
                .subject("CN=test")
                .ecp256()
                .setIsCertificateAuthority(true) // self-signed; only its names matter here
                .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
                .notAfter(Instant.now().plus(1, ChronoUnit.DAYS));
        for (String uri : uris) {
            builder.addSanUriName(uri);
        }
        X509Bundle bundle = builder.buildSelfSigned();
        return CertificateNames.of(new Certificate[] {bundle.getCertificate()});
    }
}

package io.eraft.dist.cluster;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.http.HttpCall;
import io.eraft.dist.http.PrometheusText;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A server whose transport has TLS files serves its HTTP endpoints over HTTPS with the same certificate. */
class HttpsEndpointsTest {
    @TempDir
    Path dir;

    @Test
    void aTlsNodeServesHttpsWithItsPeerCertificateAndNoPlainHttp() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        TestCertificates.Tls tls = certificates.peer("n1");
        int port = FreePorts.pick(1).get(0);
        PeerList peers = new PeerList(Map.of(NodeId.of("n1"), "127.0.0.1:" + port));
        ServerConfig cfg = new ServerConfig(NodeId.of("n1"), "kv", peers, "127.0.0.1:" + port, dir.resolve("n1"),
                "leveldb", Map.of(), tls.files().transportOptions(), 64L << 20, false).withHttp("127.0.0.1:0");
        try (EraftServer server = EraftServer.start(cfg)) {
            int httpPort = server.httpAddress().orElseThrow().getPort();
            URI https = URI.create("https://127.0.0.1:" + httpPort + "/");
            SSLContext trustingTheCa = trusting(tls.ca());
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (server.status().role() != Role.LEADER && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            HttpCall health = HttpCall.call("GET", https.resolve("/health"), trustingTheCa);
            assertEquals(200, health.status(), health.body());
            PrometheusText metrics = PrometheusText.parse(HttpCall.call("GET", https.resolve("/metrics"),
                    trustingTheCa).body());
            assertEquals(1, metrics.value("eraft_raft_is_leader", "node", "n1"));
            assertThrows(UncheckedIOException.class, () -> HttpCall.get(URI.create("http://127.0.0.1:" + httpPort),
                    "/health"), "plain HTTP to the HTTPS listener");
        }
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}

package io.eraft.dist.cluster;

import com.google.protobuf.ByteString;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.client.ClientAccess;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.Entry;
import io.eraft.raft.proto.RaftRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.eraft.dist.cluster.ImageCli.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mutual-TLS cluster run from the image, with certificates made by the README's openssl commands: EC P-256 keys
 * for the CA and the servers (the image holds jdk.crypto.ec), an RSA key for a client. The image's kv and status
 * work with the TLS flags; a client certificate cannot act as a peer, nor a peer's certificate as another peer;
 * ctl needs an admin certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class TlsIT {
    private TestCertificates certs;
    private TestCertificates.Tls app;
    private ProcessCluster cluster;
    private ServerProcess ctrler;
    private String ctrlerAddress;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
        app = certs.client("app", true);
        Map<NodeId, List<String>> perNode = new LinkedHashMap<>();
        for (String id : List.of("n1", "n2", "n3")) {
            perNode.put(NodeId.of(id), certs.peer(id).settings());
        }
        cluster = new ProcessCluster(Files.createDirectories(dir.resolve("kv")), 3, perNode::get,
                ClientAccess.CLIENT.withTls(app.files())).startAll();

        ctrlerAddress = "127.0.0.1:" + FreePorts.pick(1).get(0);
        List<String> args = new ArrayList<>(List.of("--id", ctrlerAddress, "--peers", ctrlerAddress, "--data-dir",
                dir.resolve("ctrler").toString()));
        args.addAll(certs.peer(ctrlerAddress).flags());
        ctrler = new ServerProcess(NodeId.of(ctrlerAddress), "ctrler", args, dir.resolve("ctrler.log"));
        ctrler.start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (ctrler != null) {
            ctrler.kill();
        }
    }

    private String[] withTls(TestCertificates.Tls tls, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, tls.flags());
        return all.toArray(String[]::new);
    }

    @Test
    void theImagesKvAndStatusWorkOverTlsWithEcServerKeysAndAnRsaClientKey() throws Exception {
        cluster.awaitLeader();
        cluster.awaitAllOnline();
        String servers = cluster.peers.format();
        assertEquals(new ImageCli.Result(0, "OK\n"),
                eraft(withTls(app, "kv", "--servers", servers, "put", "greeting", "hello over TLS")));
        assertEquals(new ImageCli.Result(0, "hello over TLS\n"),
                eraft(withTls(app, "kv", "--servers", servers, "get", "greeting")));
        ImageCli.Result status = eraft(withTls(app, "status", "--servers", servers));
        assertEquals(0, status.exit(), status.out());
        assertTrue(status.out().startsWith("cluster " + ClusterId.derive(ClusterId.DEFAULT_TOKEN,
                cluster.peers.addresses())), status.out());
        assertEquals(1, status.out().lines().filter(l -> l.contains(" LEADER ")).count(), status.out());

        ImageCli.Result plain = eraft("kv", "--servers", servers, "--timeout", "3s", "get", "greeting");
        assertNotEquals(0, plain.exit(), "a client without TLS reads from a TLS cluster: " + plain.out());
        assertTrue(!plain.out().contains("hello over TLS"), plain.out());
    }

    @Test
    void aClientCertificateCannotActAsAPeerNorAPeersCertificateAsAnotherPeer() throws Exception {
        cluster.awaitLeader();
        Map<NodeId, Long> terms = cluster.terms();
        ClusterId id = ClusterId.derive(ClusterId.DEFAULT_TOKEN, cluster.peers.addresses());
        Map<NodeId, String> addresses = new LinkedHashMap<>(cluster.peers.addresses());
        addresses.remove(NodeId.of("n3")); // the impostor does not listen on n3's port
        RaftRequest forged = RaftRequest.newBuilder().setClusterId(id.value()).setAppend(AppendRequest.newBuilder()
                .setTerm(terms.values().stream().mapToLong(Long::longValue).max().orElse(0) + 1).setLeader("n3")
                .addEntries(Entry.newBuilder().setIndex(1).setTerm(1).setData(ByteString.copyFromUtf8("forged"))))
                .build();
        for (TestCertificates.Tls impostor : List.of(app, certs.peer("n1"))) {
            try (Transport t = TransportProvider.byName("netty").create(TransportConfig.peer(NodeId.of("n3"),
                    addresses, impostor.files().transportOptions(), id))) {
                for (NodeId target : List.of(NodeId.of("n1"), NodeId.of("n2"))) {
                    Throwable refusal = failure(t, target, forged);
                    assertInstanceOf(AccessDeniedException.class, refusal, impostor.cert() + " to " + target);
                }
            }
        }
        assertEquals(terms, cluster.terms(), "no term moved" + cluster.describe());
    }

    @Test
    void ctlNeedsAnAdminCertificate() throws Exception {
        TestCertificates.Tls alice = certs.admin("alice");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ImageCli.Result query = eraft(withTls(alice, "ctl", "--ctrlers", ctrlerAddress, "query"));
        while (query.exit() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            query = eraft(withTls(alice, "ctl", "--ctrlers", ctrlerAddress, "query"));
        }
        assertEquals(0, query.exit(), query.out() + ctrler.logTail());
        assertTrue(query.out().startsWith("configuration 0:"), query.out());

        ImageCli.Result asClient = eraft(withTls(app, "ctl", "--ctrlers", ctrlerAddress, "--timeout", "3s", "join",
                "g1=127.0.0.1:7201"));
        assertEquals(2, asClient.exit(), asClient.out());
        assertTrue(asClient.out().contains("admin"), "the refusal names the missing admin role: " + asClient.out());

        ImageCli.Result join = eraft(withTls(alice, "ctl", "--ctrlers", ctrlerAddress, "join", "g1=127.0.0.1:7201"));
        assertEquals(0, join.exit(), join.out());
        assertTrue(join.out().startsWith("configuration 1:"), join.out());
    }

    private static Throwable failure(Transport t, NodeId target, RaftRequest message) throws Exception {
        try {
            t.request(target, "raft/kv", message.toByteArray(), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            throw new AssertionError("a forged request to " + target + " was answered");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}

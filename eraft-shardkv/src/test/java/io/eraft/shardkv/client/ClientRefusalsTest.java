package io.eraft.shardkv.client;

import io.eraft.api.UnknownProviderException;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.TransportException;
import io.eraft.shardkv.kv.KvTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refusal of the client API, each with a message naming what was refused and why. No cluster is needed. */
@Timeout(60)
class ClientRefusalsTest {
    @TempDir
    Path dir;

    @Test
    void aServerListWithoutAPortIsRefusedNamingTheEntryAndTheExpectedForm() {
        var e = assertThrows(BadAddressException.class, () -> EraftClient.group("kv", "n1=10.0.0.1"));
        assertTrue(e.getMessage().contains("'10.0.0.1' of node n1 is not host:port"), e.getMessage());
        assertTrue(e.getMessage().contains(ServerAddresses.FORMAT), e.getMessage());
    }

    @Test
    void aPortOutOfRangeAServerListedTwiceAndAnEmptyListAreRefused() {
        var port = assertThrows(BadAddressException.class, () -> EraftClient.group("kv", "n1=h:70000"));
        assertTrue(port.getMessage().contains("(70000) is not in 1..65535"), port.getMessage());
        var twice = assertThrows(BadAddressException.class, () -> EraftClient.group("kv", "n1=h:1,n1=h:2"));
        assertTrue(twice.getMessage().contains("node n1 is listed twice"), twice.getMessage());
        var empty = assertThrows(BadAddressException.class, () -> EraftClient.shardedCluster("c", " , "));
        assertTrue(empty.getMessage().contains("it names no node"), empty.getMessage());
        var entry = assertThrows(BadAddressException.class, () -> EraftClient.group("kv", "=h:1"));
        assertTrue(entry.getMessage().contains("entry '=h:1' is not id=host:port"), entry.getMessage());
    }

    @Test
    void aServerListInBothFormsKeepsItsOrder() {
        var parsed = ServerAddresses.parse("n2=127.0.0.1:7102, n1=[::1]:7101,host-3:7103");
        assertEquals("[n2, n1, host-3:7103]", parsed.keySet().toString());
        assertEquals("[::1]:7101", parsed.get(io.eraft.api.transport.NodeId.of("n1")));
    }

    @Test
    void tlsFilesThatDoNotExistAreRefusedAtConnectNamingTheFile() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        Path cert = Files.writeString(dir.resolve("client.pem"), "x");
        Path key = dir.resolve("client-key.pem"); // not there
        var e = assertThrows(TlsFilesException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .tls(ca, cert, key).connect());
        assertEquals("cannot read the TLS private key file " + key + " (it does not exist)", e.getMessage());
    }

    @Test
    void tlsFilesThatAreADirectoryOrIncompleteAreRefused() {
        var directory = assertThrows(TlsFilesException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .tls(dir, dir, dir).connect());
        assertTrue(directory.getMessage().contains("is not a readable regular file"), directory.getMessage());
        var partial = assertThrows(TlsFilesException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .tls(new TlsFiles(dir.resolve("c.pem"), null, null)).connect());
        assertTrue(partial.getMessage().contains("the private key file is missing"), partial.getMessage());
    }

    @Test
    void tlsFilesThatHoldNoPemAreRefusedByTheNettyTransportNamingTheFiles() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        Path cert = Files.writeString(dir.resolve("client.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("client-key.pem"), "not a key");
        var e = assertThrows(TransportException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .tls(ca, cert, key).connect());
        assertTrue(e.getMessage().contains(key.toString()) || e.getMessage().contains(cert.toString()),
                e.getMessage());
    }

    @Test
    void anUnknownTransportIsRefusedListingTheTransportsFound() {
        var e = assertThrows(UnknownProviderException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .transport("carrier-pigeon").connect());
        assertTrue(e.getMessage().contains("carrier-pigeon") && e.getMessage().contains("netty"), e.getMessage());
    }

    @Test
    void aClientMayNotClaimThePeerRole() {
        var e = assertThrows(IllegalArgumentException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .role(Access.PEER));
        assertTrue(e.getMessage().contains("never as PEER"), e.getMessage());
    }

    @Test
    void aNonPositiveTimeoutIsRefusedByTheBuilder() {
        var e = assertThrows(IllegalArgumentException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .operationTimeout(Duration.ZERO));
        assertTrue(e.getMessage().contains("operationTimeout must be positive"), e.getMessage());
    }

    @Test
    void noLeaderReachableWithinTheTimeoutFailsWithKvTimeoutExceptionOverTheDefaultNettyTransport() {
        // Port 1 is below the ephemeral range: nothing listens there and no dial can connect to itself.
        try (GroupClient client = EraftClient.group("kv", "n1=127.0.0.1:1")
                .requestTimeout(Duration.ofMillis(100)).operationTimeout(Duration.ofMillis(500)).connect()) {
            assertEquals("netty", client.options().transport(), "netty is found by ServiceLoader by default");
            var e = assertThrows(KvTimeoutException.class, () -> client.get("k"));
            assertTrue(e.getMessage().startsWith("no server of group 'kv' completed get within PT0.5S"),
                    e.getMessage());
        }
    }

    @Test
    void tlsFilesGivenAsRawTransportOptionsAreRefusedInFavourOfTheCheckedTlsSetting() {
        var e = assertThrows(IllegalArgumentException.class, () -> EraftClient.group("kv", "n1=127.0.0.1:7101")
                .transportOption(TlsFiles.KEY, "key.pem"));
        assertTrue(e.getMessage().contains("'tls-key' is set by tls(...)"), e.getMessage());
    }

    @Test
    void optionsReusedFromATlsClientTakeTheirTlsFromTlsNotFromStaleTransportOptions() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        ClientOptions withTls = EraftClient.group("kv", "n1=127.0.0.1:7101").tls(ca, cert, key).build();
        assertEquals(cert.toString(), withTls.transportOptions().get(TlsFiles.CERT));
        ClientOptions plain = EraftClient.group("kv", "n1=127.0.0.1:7101").options(withTls).tls(TlsFiles.NONE)
                .build();
        assertEquals(java.util.Map.of(), plain.transportOptions(), "no TLS option survives tls(NONE)");
    }
}

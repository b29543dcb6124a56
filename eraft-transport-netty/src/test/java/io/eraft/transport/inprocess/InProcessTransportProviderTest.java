package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.ECHO;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.bytes;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.text;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InProcessTransportProviderTest {
    private static final AtomicInteger NETWORKS = new AtomicInteger();

    /** A network name no other test uses. */
    private final String networkName = "provider-test-" + NETWORKS.incrementAndGet();
    private final TransportProvider provider = TransportProvider.byName("inprocess");

    @AfterEach
    void closeNetwork() {
        InProcessNetwork.named(networkName).close();
    }

    @Test
    void serviceLoaderFindsTheProviderByName() {
        assertInstanceOf(InProcessTransportProvider.class, provider);
        assertEquals("inprocess", provider.name());
    }

    @Test
    void classPathServiceFileNamesTheProvider() throws IOException {
        try (InputStream in = InProcessTransportProvider.class.getModule()
                .getResourceAsStream("META-INF/services/" + TransportProvider.class.getName())) {
            assertNotNull(in, "META-INF/services file is missing");
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .anyMatch(InProcessTransportProvider.class.getName()::equals),
                    "the services file does not name the in-process provider");
        }
    }

    @Test
    void transportsCreatedWithTheSameNetworkOptionTalk() throws Exception {
        Transport a = provider.create(config(A, Map.of("network", networkName)));
        Transport b = provider.create(config(B, Map.of("network", networkName)));
        b.register(CHANNEL, ECHO);

        assertEquals("hi", text(value(a.request(B, CHANNEL, bytes("hi"), LONG))));
        assertEquals(1, InProcessNetwork.named(networkName).stats(A).requestsSent());
    }

    @Test
    void transportsOnDifferentNetworksDoNotSeeEachOther() throws Exception {
        Transport a = provider.create(config(A, Map.of("network", networkName)));
        try (InProcessNetwork other = InProcessNetwork.create(0)) {
            other.join(B).register(CHANNEL, ECHO);

            assertInstanceOf(PeerUnreachableException.class,
                    failure(a.request(B, CHANNEL, bytes("hi"), LONG)));
        }
    }

    @Test
    void seedOptionSeedsANewNetworkAndMustMatchAnExistingOne() {
        provider.create(config(A, Map.of("network", networkName, "seed", "7")));

        assertEquals(7, InProcessNetwork.named(networkName).seed());
        TransportException e = assertThrows(TransportException.class,
                () -> provider.create(config(B, Map.of("network", networkName, "seed", "8"))));
        assertTrue(e.getMessage().contains("already exists with seed 7, not 8"), e.getMessage());
    }

    @Test
    void namedNetworkIsSharedUntilClosed() {
        InProcessNetwork first = InProcessNetwork.named(networkName);

        assertSame(first, InProcessNetwork.named(networkName));
        first.close();
        assertNotSame(first, InProcessNetwork.named(networkName), "a closed network left the registry");
    }

    @Test
    void unknownOptionIsRejectedNamingTheKnownOnes() {
        TransportException e = assertThrows(TransportException.class,
                () -> provider.create(config(A, Map.of("network", networkName, "frameSize", "1024"))));

        assertTrue(e.getMessage().contains("unknown setting 'frameSize'"), e.getMessage());
        assertTrue(e.getMessage().contains("Known settings: network, seed"), e.getMessage());
    }

    @Test
    void seedThatIsNotANumberIsRejected() {
        TransportException e = assertThrows(TransportException.class,
                () -> provider.create(config(A, Map.of("network", networkName, "seed", "abc"))));

        assertTrue(e.getMessage().contains("'seed'") && e.getMessage().contains("'abc'"), e.getMessage());
    }

    @Test
    void creatingASecondLiveTransportForANodeIsATransportException() {
        provider.create(config(A, Map.of("network", networkName)));

        TransportException e = assertThrows(TransportException.class,
                () -> provider.create(config(A, Map.of("network", networkName))));
        assertTrue(e.getMessage().contains("node a already has a live transport"), e.getMessage());
    }

    /** A server's config: a peer of the tests' cluster. */
    private static TransportConfig config(NodeId self, Map<String, String> options) {
        return TransportConfig.peer(self, Map.of(), options, Fixtures.CLUSTER);
    }
}

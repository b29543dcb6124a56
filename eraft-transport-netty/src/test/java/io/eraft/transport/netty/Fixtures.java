package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.transport.testkit.SharedFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Ports and netty transports for the netty tests, besides the {@link SharedFixtures} they share. */
final class Fixtures extends SharedFixtures {
    /** Small event loop groups: several transports share 2 cores. */
    static final String IO_THREADS = "2";
    /**
     * The connect and handshake deadline of the tests' transports unless a test sets its own: far beyond any test,
     * so that a slow (loaded) handshake never closes a connection a test relies on. Tests of the deadline set it.
     */
    static final String CONNECT_TIMEOUT_MS = Long.toString(TimeUnit.SECONDS.toMillis(WAIT_SECONDS * 2));

    private Fixtures() {
    }

    /** "127.0.0.1:port" for {@code count} ports that were free a moment ago. */
    static List<String> freeAddresses(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(s -> "127.0.0.1:" + s.getLocalPort()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is released either way
                }
            }
        }
    }

    /** Addresses for {@code nodes} on free loopback ports. */
    static Map<NodeId, String> addressesFor(NodeId... nodes) {
        List<String> free = freeAddresses(nodes.length);
        Map<NodeId, String> addresses = new HashMap<>();
        for (int i = 0; i < nodes.length; i++) {
            addresses.put(nodes[i], free.get(i));
        }
        return Map.copyOf(addresses);
    }

    /**
     * A netty transport for server {@code self}, a peer of {@link #CLUSTER} whose members are {@code addresses}, with
     * the given options (plus, unless given, small io-threads and the long {@link #CONNECT_TIMEOUT_MS}).
     */
    static NettyTransport netty(NodeId self, Map<NodeId, String> addresses, Map<String, String> options) {
        return start(TransportConfig.peer(self, addresses, withDefaults(options), CLUSTER));
    }

    static NettyTransport netty(NodeId self, Map<NodeId, String> addresses) {
        return netty(self, addresses, Map.of());
    }

    /** A client's netty transport (role CLIENT, no cluster), which reaches the servers at {@code addresses}. */
    static NettyTransport client(NodeId self, Map<NodeId, String> addresses, Map<String, String> options) {
        return start(new TransportConfig(self, addresses, withDefaults(options)));
    }

    static NettyTransport client(NodeId self, Map<NodeId, String> addresses) {
        return client(self, addresses, Map.of());
    }

    /** A netty transport for {@code config}, with the tests' defaults added to its options unless given. */
    static NettyTransport start(TransportConfig config) {
        TransportConfig withDefaults = new TransportConfig(config.self(), config.addresses(),
                withDefaults(config.options()), config.clusterId(), config.role());
        Transport transport = TransportProvider.byName("netty").create(withDefaults);
        return (NettyTransport) transport;
    }

    private static Map<String, String> withDefaults(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.putIfAbsent(NettyTransportProvider.IO_THREADS, IO_THREADS);
        all.putIfAbsent(NettyTransportProvider.CONNECT_TIMEOUT_MS, CONNECT_TIMEOUT_MS);
        return all;
    }

    /** The port of {@code address} ("host:port"). */
    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}

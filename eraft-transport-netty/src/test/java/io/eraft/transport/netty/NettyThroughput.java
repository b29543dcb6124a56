package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.transport.testkit.RoundTrips;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints request/reply round trips per second over loopback TCP: three netty nodes (as a Raft group), 64
 * concurrent requesters, 128-byte payloads, each requester sending its next request when its reply arrives. Not a
 * test; run it by hand after {@code ./mvnw -pl eraft-transport-netty test-compile}:
 *
 * <pre>
 * ./mvnw -B -q -pl eraft-transport-netty exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.eraft.transport.netty.NettyThroughput [-Dexec.args="SECONDS IO_THREADS"]
 * </pre>
 */
public final class NettyThroughput {

    private NettyThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String ioThreads = args.length > 1 ? args[1] : "1";
        List<NodeId> ids = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
        Map<NodeId, String> addresses = Fixtures.addressesFor(ids.toArray(NodeId[]::new));
        TransportProvider netty = TransportProvider.byName("netty");
        List<Transport> nodes = new ArrayList<>();
        try {
            for (NodeId id : ids) {
                nodes.add(netty.create(new TransportConfig(id, addresses, Map.of("io-threads", ioThreads))));
            }
            String result = RoundTrips.measure(nodes, seconds, false);
            System.out.printf("netty loopback (%s), %s io thread(s) per node, %s%n",
                    ((NettyTransport) nodes.get(0)).ioKind(), ioThreads, result);
        } finally {
            nodes.forEach(Transport::close);
        }
    }
}

package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.transport.testkit.RoundTrips;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints request/reply round trips per second on the reliable path: three nodes (as a Raft group), 64 concurrent
 * requesters, each sending its next request when the previous reply arrives. Not a test; run it by hand after
 * {@code ./mvnw -pl eraft-transport-netty test-compile}:
 *
 * <pre>
 * ./mvnw -B -q -pl eraft-transport-netty exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.eraft.transport.inprocess.InProcessThroughput [-Dexec.args="SECONDS [async|threads]"]
 * </pre>
 *
 * {@code async} (default) keeps 64 requests in flight with callbacks; {@code threads} runs 64 caller threads that
 * each wait for their reply.
 */
public final class InProcessThroughput {

    private InProcessThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean threads = args.length > 1 && args[1].equals("threads");
        try (InProcessNetwork network = InProcessNetwork.create(1)) {
            List<Transport> nodes = new ArrayList<>();
            for (String name : List.of("n1", "n2", "n3")) {
                nodes.add(network.join(NodeId.of(name)));
            }
            String result = RoundTrips.measure(nodes, seconds, threads);
            System.out.printf("inprocess reliable path, %s, %s%n", threads ? "caller threads" : "async callbacks",
                    result);
        }
    }
}

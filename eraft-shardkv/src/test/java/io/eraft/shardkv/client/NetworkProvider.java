package io.eraft.shardkv.client;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.transport.inprocess.InProcessNetwork;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A transport provider that joins a test cluster's private in-process network, handed to
 * {@link ClientBuilder#transport(TransportProvider)}. Addresses are ignored in process, so a client names the
 * servers {@code id=localhost:<n>}.
 */
record NetworkProvider(InProcessNetwork network) implements TransportProvider {
    @Override
    public String name() {
        return "test-network";
    }

    @Override
    public Transport create(TransportConfig config) {
        return network.join(config);
    }

    /** {@code id=localhost:<n>,...} for {@code ids}: the server list a client of them is given. */
    static Map<NodeId, String> addresses(Iterable<NodeId> ids) {
        int[] port = {7100};
        return java.util.stream.StreamSupport.stream(ids.spliterator(), false).collect(Collectors.toMap(
                id -> id, id -> "localhost:" + ++port[0], (a, b) -> a, java.util.LinkedHashMap::new));
    }
}

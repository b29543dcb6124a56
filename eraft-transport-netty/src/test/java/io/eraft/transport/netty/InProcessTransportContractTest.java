package io.eraft.transport.netty;

import io.eraft.api.tck.TransportContract;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.transport.inprocess.InProcessNetwork;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The provider test kit's {@link TransportContract} for the in-process provider, created through its provider as a user would (as servers). */
class InProcessTransportContractTest extends TransportContract {
    private static final AtomicInteger NETWORKS = new AtomicInteger();

    private final String network = "contract-" + NETWORKS.incrementAndGet();

    @Override
    protected Transport create(NodeId node) {
        return TransportProvider.byName("inprocess")
                .create(TransportConfig.peer(node, Map.of(), Map.of("network", network), Fixtures.CLUSTER));
    }

    @Override
    protected void cleanUp() {
        InProcessNetwork.named(network).close();
    }
}

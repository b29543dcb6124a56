package io.eraft.transport.netty;

import io.eraft.api.tck.TransportContract;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;

import java.util.Map;

/** The provider test kit's {@link TransportContract} over real loopback sockets. */
class NettyTransportContractTest extends TransportContract {
    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B, C);

    @Override
    protected Transport create(NodeId node) {
        return Fixtures.netty(node, addresses);
    }
}

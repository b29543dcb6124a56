package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;

import java.util.Map;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.C;

/** The transport contract over real loopback sockets. */
class NettyTransportContractTest extends TransportContract {
    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B, C);

    @Override
    protected Transport create(NodeId node) {
        return Fixtures.netty(node, addresses);
    }
}

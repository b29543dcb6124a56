package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.transport.handling.Refusals;

/**
 * What every connection of one node shares.
 *
 * @param self       this node
 * @param options    the transport's options
 * @param dispatcher runs arriving requests
 * @param counters   the node's traffic counters
 * @param listener   told when connections open for requests and close
 * @param hellos     checks the hellos of both sides
 * @param refusals   where refused connections, hellos and requests are logged
 */
record ConnectionContext(NodeId self, NettyOptions options, Dispatcher dispatcher, TrafficCounters counters,
                         ConnectionListener listener, HelloCheck hellos, Refusals refusals) {
}

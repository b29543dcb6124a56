package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;

/**
 * What every connection of one node shares.
 *
 * @param self       this node
 * @param options    the transport's options
 * @param dispatcher runs arriving requests
 * @param counters   the node's traffic counters
 * @param listener   told when connections open for requests and close
 */
record ConnectionContext(NodeId self, NettyOptions options, Dispatcher dispatcher, TrafficCounters counters,
                         ConnectionListener listener) {
}

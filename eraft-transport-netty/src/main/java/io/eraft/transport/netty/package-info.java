/**
 * The {@code netty} transport: {@link io.eraft.transport.netty.NettyTransportProvider}. Nodes and clients exchange
 * length-prefixed protobuf frames (a version byte, then a hello, request, response or refusal envelope) over TCP,
 * optionally with mutual TLS. Each node sends its requests to another node over the one connection it dialed to it;
 * hellos name the sender's cluster and role, and a node believes them only as far as the connection proves them.
 */
package io.eraft.transport.netty;

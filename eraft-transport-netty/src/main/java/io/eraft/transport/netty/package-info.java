/**
 * The {@code netty} transport: {@link io.eraft.transport.netty.NettyTransportProvider}. Nodes and clients exchange
 * length-prefixed protobuf frames (a version byte, then a hello, request or response envelope) over one TCP
 * connection per pair, optionally with mutual TLS.
 */
package io.eraft.transport.netty;

/**
 * Transport providers: {@code inprocess} (one JVM, with fault injection) and {@code netty} (TCP, optional mutual
 * TLS, epoll when available).
 */
module io.eraft.transport {
    requires transitive io.eraft.api; // the exported InProcessNetwork speaks in NodeId, Transport, TransportStats
    requires org.slf4j;
    requires com.google.protobuf;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.transport.classes.epoll;
    // TLS with EC keys needs the SunEC provider, which on Java 17 lives in this module: requiring it puts it in every
    // runtime image (jlink) that has the transport, where EC keys otherwise fail to load.
    requires jdk.crypto.ec;

    exports io.eraft.transport.inprocess;
    exports io.eraft.transport.netty;
    opens io.eraft.transport.netty.proto to com.google.protobuf;

    provides io.eraft.api.transport.TransportProvider with
            io.eraft.transport.inprocess.InProcessTransportProvider,
            io.eraft.transport.netty.NettyTransportProvider;
}

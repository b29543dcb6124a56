/** Transport providers: {@code inprocess} (one JVM, with fault injection) and, later, {@code netty}. */
module io.eraft.transport {
    requires transitive io.eraft.api; // the exported InProcessNetwork speaks in NodeId, Transport, TransportStats
    requires org.slf4j;

    exports io.eraft.transport.inprocess;

    provides io.eraft.api.transport.TransportProvider with io.eraft.transport.inprocess.InProcessTransportProvider;
}

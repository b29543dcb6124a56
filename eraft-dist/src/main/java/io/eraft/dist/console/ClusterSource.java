package io.eraft.dist.console;

/** Where a {@link ClusterView} gets its rounds of status from (the servers over the transport, or a test). */
@FunctionalInterface
interface ClusterSource extends AutoCloseable {
    /** Asks every known server for its status; never throws for a node that does not answer (it is offline). */
    ClusterPoll poll();

    /** Releases what the source holds (a client connection); the view calls it when it closes. */
    @Override
    default void close() {
    }
}

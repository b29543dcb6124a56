package io.eraft.api.transport;

import java.util.concurrent.CompletableFuture;

/** Serves one channel. Must not block the calling transport thread. */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Handles a request. The returned future's value is the reply; completing it exceptionally sends an error reply
     * that fails the sender's future with a {@link RemoteException}.
     */
    CompletableFuture<byte[]> handle(NodeId from, byte[] payload);
}

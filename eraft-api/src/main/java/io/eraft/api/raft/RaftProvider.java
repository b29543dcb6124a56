package io.eraft.api.raft;

import io.eraft.api.Providers;

/** Builds Raft members. Found with ServiceLoader, so services built on Raft never depend on its implementation. */
public interface RaftProvider {

    String name();

    /** A new, not yet started member. */
    RaftNode create(RaftNodeSpec spec);

    /** The only Raft provider on the module path. */
    static RaftProvider get() {
        var all = Providers.all(RaftProvider.class);
        if (all.isEmpty()) {
            throw new io.eraft.api.UnknownProviderException("RaftProvider", "any", java.util.List.of());
        }
        return all.get(0);
    }
}

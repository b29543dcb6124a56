package io.eraft.api.spi.support;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iterators and snapshots a store has handed out and that are still open; closing the store closes them.
 * Thread-safe.
 */
public final class OpenResources {
    /** Something that releases native resources; closing twice is harmless. */
    public interface Resource {
        /** Releases the resource; a second call does nothing. */
        void close();
    }

    private final Set<Resource> open = ConcurrentHashMap.newKeySet();

    /** Tracks {@code resource} until it is {@link #remove removed} or {@link #closeAll closed}. */
    public void add(Resource resource) {
        open.add(resource);
    }

    /** Stops tracking {@code resource}, typically from its own {@code close()}. */
    public void remove(Resource resource) {
        open.remove(resource);
    }

    /** Closes every resource still open. */
    public void closeAll() {
        for (Resource resource : new ArrayList<>(open)) {
            resource.close();
        }
        open.clear();
    }
}

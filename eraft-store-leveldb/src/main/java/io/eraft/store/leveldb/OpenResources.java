package io.eraft.store.leveldb;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The iterators and snapshots a store has handed out and that are still open; closing the store closes them. */
final class OpenResources {
    /** Something that releases native resources; closing twice is harmless. */
    interface Resource {
        void close();
    }

    private final Set<Resource> open = ConcurrentHashMap.newKeySet();

    void add(Resource resource) {
        open.add(resource);
    }

    void remove(Resource resource) {
        open.remove(resource);
    }

    /** Closes every resource still open. */
    void closeAll() {
        for (Resource resource : new ArrayList<>(open)) {
            resource.close();
        }
        open.clear();
    }
}

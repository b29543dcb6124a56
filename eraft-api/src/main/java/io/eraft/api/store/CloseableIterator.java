package io.eraft.api.store;

import java.util.Iterator;

/** An iterator over native resources; close it (try-with-resources) when done, even if not exhausted. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}

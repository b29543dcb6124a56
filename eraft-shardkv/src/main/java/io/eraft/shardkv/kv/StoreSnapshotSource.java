package io.eraft.shardkv.kv;

import io.eraft.api.codec.Codec;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StoreSnapshot;

import java.io.InputStream;

/**
 * A snapshot streamed straight from the store's point-in-time view: its entries (data and sessions) go through the
 * codec's snapshot format as they are read, on a writer thread, into the stream Raft sends in chunks. Closing it
 * stops the writer and releases the store view. Every replicated service on a {@link StoreSnapshot} (the KV state
 * machine, the shard controller) sends its snapshots this way.
 */
public final class StoreSnapshotSource implements SnapshotSource {
    private final StoreSnapshot snapshot;
    private final Codec codec;
    private final String threadName;
    private SnapshotPipe pipe;
    private boolean closed;

    /**
     * A source over {@code snapshot}, which it closes when it is closed.
     *
     * @param threadName the name of the thread that writes the stream
     */
    public StoreSnapshotSource(StoreSnapshot snapshot, Codec codec, String threadName) {
        this.snapshot = snapshot;
        this.codec = codec;
        this.threadName = threadName;
    }

    @Override
    public long index() {
        return snapshot.appliedIndex();
    }

    /** @throws IllegalStateException on a second call, or after close */
    @Override
    public synchronized InputStream data() {
        if (closed || pipe != null) {
            throw new IllegalStateException("the snapshot through " + index() + " can be read once, before close");
        }
        long index = snapshot.appliedIndex();
        pipe = SnapshotPipe.start(out -> {
            try (CloseableIterator<KeyValue> entries = snapshot.entries()) {
                codec.writeSnapshot(index, entries, out);
            }
        }, threadName);
        return pipe;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pipe != null) {
            pipe.close();
        }
        snapshot.close();
    }
}

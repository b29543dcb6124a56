package io.eraft.api.raft;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.InputStream;
import java.util.Objects;

/** A state-machine snapshot being streamed out. Close it to release the point-in-time view. */
public interface SnapshotSource extends Closeable {

    /** The last log index this snapshot covers. */
    long index();

    /** The snapshot's bytes, produced as they are read. */
    InputStream data();

    /**
     * A snapshot of a state machine small enough to hold as one array (a private copy: closing releases nothing).
     * Large state machines stream instead.
     */
    static SnapshotSource ofBytes(long index, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new SnapshotSource() {
            @Override
            public long index() {
                return index;
            }

            @Override
            public InputStream data() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public void close() {
                // a private copy: nothing to release
            }
        };
    }
}

package io.eraft.api.raft;

import java.io.Closeable;
import java.io.InputStream;

/** A state-machine snapshot being streamed out. Close it to release the point-in-time view. */
public interface SnapshotSource extends Closeable {

    /** The last log index this snapshot covers. */
    long index();

    /** The snapshot's bytes, produced as they are read. */
    InputStream data();
}

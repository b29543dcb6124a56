package io.eraft.api.codec;

import io.eraft.api.command.Command;
import io.eraft.api.store.KeyValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;

/**
 * Encodes commands and snapshots. Found with {@link java.util.ServiceLoader}, chosen by {@link #name()}; the
 * default is {@code protobuf} (see {@link Codecs}). Implementations are stateless and thread-safe.
 *
 * <p>Decoding never returns a half-decoded object: corrupt, truncated or unknown input throws
 * {@link CodecException} with a message that says what was wrong.
 */
public interface Codec {

    /** The name users choose this codec by. */
    String name();

    byte[] encodeCommand(Command command);

    /** @throws CodecException for malformed input or an unknown command type */
    Command decodeCommand(byte[] bytes);

    /**
     * Streams a snapshot: a header with {@code appliedIndex}, every entry in order, and a trailer with the entry
     * count and a checksum, so a reader can tell a complete snapshot from a cut one. Writes as it iterates; never
     * buffers the whole snapshot.
     */
    void writeSnapshot(long appliedIndex, Iterator<KeyValue> entries, OutputStream out) throws IOException;

    /**
     * Opens a snapshot written by {@link #writeSnapshot}. The header is read at once; entries are decoded as
     * the iterator advances; the trailer is checked when the last entry has been read, and a mismatch throws
     * {@link CodecException} from {@code hasNext()}.
     */
    SnapshotReader readSnapshot(InputStream in) throws IOException;

    /** A snapshot being read. */
    interface SnapshotReader extends Iterator<KeyValue> {
        long appliedIndex();
    }
}

package io.eraft.persister.segment;

import io.eraft.api.log.HardState;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The content of one hard-state file: int magic, int version, long sequence number, long term, byte flags (1:
 * recovering), int vote length or -1 for none, the UTF-8 vote, then an int CRC32C of everything before it. Numbers
 * are big-endian.
 */
final class HardStateCodec {
    private static final int MAGIC = 0x45524853; // "ERHS"
    private static final int VERSION = 1;
    private static final byte RECOVERING = 1;
    private static final int FIXED_BYTES = 4 + 4 + 8 + 8 + 1 + 4 + 4;

    /** A decoded file: its sequence number (higher is newer) and the hard state. */
    record Saved(long seq, HardState state) {
    }

    private HardStateCodec() {
    }

    static byte[] encode(long seq, HardState state) {
        byte[] vote = state.votedFor() == null ? new byte[0] : state.votedFor().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(FIXED_BYTES + vote.length);
        buf.putInt(MAGIC).putInt(VERSION).putLong(seq).putLong(state.term())
                .put(state.recovering() ? RECOVERING : 0)
                .putInt(state.votedFor() == null ? -1 : vote.length).put(vote);
        buf.putInt(crc(buf.array(), buf.position()));
        return buf.array();
    }

    /**
     * @throws IllegalArgumentException                   saying what is wrong, if the bytes are not an intact file
     * @throws RecordFormat.NewerFormatException if a newer version wrote it
     */
    static Saved decode(byte[] bytes) {
        if (bytes.length < FIXED_BYTES) {
            throw new IllegalArgumentException(bytes.length + " bytes, fewer than the " + FIXED_BYTES + " of an empty "
                    + "hard state");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (buf.getInt(bytes.length - 4) != crc(bytes, bytes.length - 4)) {
            throw new IllegalArgumentException("CRC32C mismatch");
        }
        try {
            int magic = buf.getInt();
            int version = buf.getInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(String.format("magic %08x, expected %08x", magic, MAGIC));
            }
            if (version != VERSION) {
                throw new RecordFormat.NewerFormatException("hard-state format version " + version
                        + " is not the version this eRaft reads (" + VERSION + ")");
            }
            long seq = buf.getLong();
            long term = buf.getLong();
            boolean recovering = (buf.get() & RECOVERING) != 0;
            int voteLength = buf.getInt();
            String vote = null;
            if (voteLength >= 0) {
                byte[] voteBytes = new byte[voteLength];
                buf.get(voteBytes);
                vote = new String(voteBytes, StandardCharsets.UTF_8);
            } else if (voteLength != -1) {
                throw new IllegalArgumentException("bad vote length " + voteLength);
            }
            if (buf.remaining() != 4) {
                throw new IllegalArgumentException(buf.remaining() - 4 + " unexpected bytes after the vote");
            }
            if (term < 0) {
                throw new IllegalArgumentException("negative term " + term);
            }
            return new Saved(seq, new HardState(term, vote, recovering));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("shorter than its vote length says");
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}

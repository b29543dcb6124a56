package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes a segment file the way versions before the hard-state files did (segment format version 1): a header
 * without first index, and hard-state records among the entries. Encoded here from the documented format, not with
 * the store's code.
 */
final class LegacySegment {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    LegacySegment(long segmentId) {
        record((byte) 1, ByteBuffer.allocate(16).putInt(0x45524c47).putInt(1).putLong(segmentId).array());
    }

    LegacySegment hardState(HardState state) {
        byte[] vote = state.votedFor() == null ? new byte[0] : state.votedFor().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(12 + vote.length).putLong(state.term())
                .putInt(state.votedFor() == null ? -1 : vote.length).put(vote);
        return record((byte) 3, body.array());
    }

    LegacySegment entries(List<LogEntry> entries) {
        for (LogEntry e : entries) {
            ByteBuffer body = ByteBuffer.allocate(17 + e.data().length).putLong(e.index()).putLong(e.term())
                    .put((byte) 1).put(e.data());
            record((byte) 2, body.array());
        }
        return this;
    }

    void writeTo(Path dir, long segmentId) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(String.format("%020d.seg", segmentId)), bytes.toByteArray());
    }

    private LegacySegment record(byte type, byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(1 + payload.length);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 4);
        crc.update(type);
        crc.update(payload);
        header.putInt((int) crc.getValue());
        bytes.writeBytes(header.array());
        bytes.write(type);
        bytes.writeBytes(payload);
        return this;
    }
}

package io.eraft.shardkv.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer-thread-to-reader pipe that streams snapshots. */
@Timeout(30)
class SnapshotPipeTest {

    @Test
    void theReaderGetsExactlyTheBytesWrittenAcrossManyChunks() throws IOException {
        byte[] data = new byte[SnapshotPipe.CHUNK_BYTES * 9 + 123];
        new Random(7).nextBytes(data);
        try (SnapshotPipe pipe = SnapshotPipe.start(out -> {
            for (int off = 0; off < data.length; off += 1000) {
                out.write(data, off, Math.min(1000, data.length - off));
            }
        }, "test-writer")) {
            assertArrayEquals(data, pipe.readAllBytes());
            assertEquals(-1, pipe.read(), "the end stays the end");
        }
    }

    @Test
    void aFailingWriterReachesTheReaderAsAnIoExceptionWithItsCause() {
        IllegalStateException boom = new IllegalStateException("store closed");
        try (SnapshotPipe pipe = SnapshotPipe.start(out -> {
            out.write(new byte[10]);
            throw boom;
        }, "test-writer")) {
            IOException e = assertThrows(IOException.class, pipe::readAllBytes);
            assertSame(boom, e.getCause());
        }
    }

    @Test
    void closingTheReaderEarlyStopsTheWriter() throws IOException {
        AtomicLong written = new AtomicLong();
        SnapshotPipe pipe = SnapshotPipe.start(out -> {
            byte[] chunk = new byte[4096];
            while (true) { // an endless snapshot: only the reader's close can end it
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        }, "test-writer");
        InputStream in = pipe;
        assertEquals(4096, in.readNBytes(4096).length);
        pipe.close();
        assertTrue(pipe.writerDone(), "the writer thread ended when the reader closed");
        long bound = (long) SnapshotPipe.CHUNK_BYTES * (SnapshotPipe.QUEUED_CHUNKS + 3);
        assertTrue(written.get() <= bound, "the writer ran at most a few chunks ahead: " + written.get());
        assertThrows(IOException.class, in::read, "a closed pipe cannot be read");
    }
}

package io.eraft.shardkv.kv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An input stream fed by a writer on its own thread, through a few bounded chunks: it turns a push-style encoder
 * ({@link io.eraft.api.codec.Codec#writeSnapshot}) into the pull-style stream Raft reads a snapshot from, without
 * ever holding more than {@link #CHUNK_BYTES} times {@link #QUEUED_CHUNKS} bytes. A failure of the writer reaches the
 * reader as an {@link IOException}; closing the reader stops the writer at its next write.
 */
final class SnapshotPipe extends InputStream {
    static final int CHUNK_BYTES = 64 << 10;
    static final int QUEUED_CHUNKS = 4;
    private static final byte[] END = new byte[0];
    private static final long OFFER_POLL_MILLIS = 100;

    /** Writes the whole stream to {@code out}. */
    @FunctionalInterface
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean closed;
    private byte[] current = END;
    private int position;
    private boolean ended;

    private SnapshotPipe(Writer writer, String threadName) {
        this.thread = new Thread(() -> produce(writer), threadName);
        this.thread.setDaemon(true);
    }

    /** Starts {@code writer} on a new daemon thread named {@code threadName}; read its output here. */
    static SnapshotPipe start(Writer writer, String threadName) {
        SnapshotPipe pipe = new SnapshotPipe(writer, threadName);
        pipe.thread.start();
        return pipe;
    }

    private void produce(Writer writer) {
        try (ChunkStream out = new ChunkStream()) {
            writer.writeTo(out);
        } catch (Throwable t) {
            failure = t;
        } finally {
            enqueue(END);
        }
    }

    /** Queues {@code chunk}, waiting for room; false when the reader closed the pipe meanwhile. */
    private boolean enqueue(byte[] chunk) {
        try {
            while (!closed) {
                if (chunks.offer(chunk, OFFER_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    /** Makes {@link #current} hold unread bytes; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("the snapshot stream is closed");
        }
        while (position == current.length) {
            if (ended) {
                return false;
            }
            byte[] next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for snapshot bytes");
            }
            if (next == END) {
                ended = true;
                Throwable f = failure;
                if (f != null) {
                    throw new IOException("writing the snapshot failed: " + f, f);
                }
                return false;
            }
            current = next;
            position = 0;
        }
        return true;
    }

    /** Stops the writer (at its next write) and waits a little for its thread to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunks.clear();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the writer's thread has ended. */
    boolean writerDone() {
        return !thread.isAlive();
    }

    /** The writer's side: fills chunks of {@link #CHUNK_BYTES} and queues each when full. */
    private final class ChunkStream extends OutputStream {
        private byte[] buffer = new byte[CHUNK_BYTES];
        private int size;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, buffer.length - size);
                System.arraycopy(b, off, buffer, size, n);
                size += n;
                off += n;
                len -= n;
                if (size == buffer.length) {
                    push();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (size > 0) {
                push();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void push() throws IOException {
            if (closed || !enqueue(Arrays.copyOf(buffer, size))) {
                throw new IOException("the reader closed the snapshot stream");
            }
            size = 0;
        }
    }
}

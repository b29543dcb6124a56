package io.eraft.transport.netty;

import io.eraft.transport.netty.proto.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting to go out on one connection. Any thread may add; one task on the connection's event loop
 * writes everything queued and flushes once (write batching with flush coalescing). Frames wait here while the
 * connection is being set up.
 *
 * <p>Bounded: a request is refused when the bytes it would add to those waiting would pass the bound, unless nothing
 * is waiting at all (one frame always fits). A frame waits, and counts against the bound, from the moment it is
 * taken until Netty has written it to the socket (or failed to): one counter, changed by compare-and-set when a
 * request is taken and by each write's completion, so that no thread ever sees a frame counted twice or not at all
 * while it moves from this queue into Netty (and its TLS handler). Replies are never refused here; the connection
 * bounds them by not reading more requests while the peer does not read its replies.
 */
final class Outbox {
    /** Frames written per loop task before it yields to other channels (and flushes). */
    private static final int WRITES_PER_TASK = 1024;

    private final long boundBytes;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong waitingBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private volatile Channel channel;
    private volatile boolean closed;

    Outbox(long boundBytes) {
        this.boundBytes = boundBytes;
    }

    /** Queues a request frame of {@code frameBytes} (length prefix included); false, queuing nothing, if full. */
    boolean offerRequest(Envelope envelope, int frameBytes) {
        long before;
        do {
            before = waitingBytes.get();
            if (before > 0 && before + frameBytes > boundBytes) {
                return false;
            }
        } while (!waitingBytes.compareAndSet(before, before + frameBytes));
        queue.add(new Item(envelope, frameBytes));
        kick();
        return true;
    }

    /** Queues a reply frame; never refused. */
    void offerReply(Envelope envelope, int frameBytes) {
        waitingBytes.addAndGet(frameBytes);
        queue.add(new Item(envelope, frameBytes));
        kick();
    }

    /** Starts writing to {@code ready}, a connected channel that has sent its hello. */
    void open(Channel ready) {
        channel = ready;
        kick();
    }

    /** Drops what is queued; later frames are dropped too. Their requests fail with the connection. */
    void close() {
        closed = true;
        discard();
    }

    /** Bytes of the frames taken and not yet written to the socket. */
    long pendingBytes() {
        return waitingBytes.get();
    }

    long boundBytes() {
        return boundBytes;
    }

    private void kick() {
        if (closed) {
            discard();
            return;
        }
        Channel ch = channel;
        if (ch != null && drainScheduled.compareAndSet(false, true)) {
            try {
                ch.eventLoop().execute(drainTask);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                close(); // the transport is shutting down
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Channel ch = channel;
        int written = 0;
        Item item;
        while (written < WRITES_PER_TASK && (item = queue.poll()) != null) {
            if (closed || !ch.isActive()) {
                waitingBytes.addAndGet(-item.frameBytes());
                continue; // the connection is gone; its requests fail with it
            }
            int bytes = item.frameBytes();
            ByteBuf frame;
            try {
                frame = Wire.encode(ch.alloc(), item.envelope());
            } catch (RuntimeException e) {
                waitingBytes.addAndGet(-bytes);
                throw e;
            }
            ChannelFutureListener done = future -> waitingBytes.addAndGet(-bytes);
            ch.write(frame, ch.newPromise().addListener(done));
            written++;
        }
        if (written > 0) {
            ch.flush();
        }
        if (!queue.isEmpty()) {
            kick();
        }
    }

    private void discard() {
        Item item;
        while ((item = queue.poll()) != null) {
            waitingBytes.addAndGet(-item.frameBytes());
        }
    }

    private record Item(Envelope envelope, int frameBytes) {
    }
}

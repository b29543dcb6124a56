package io.eraft.transport.netty;

import io.eraft.transport.netty.proto.Envelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

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
 * <p>Bounded: a request is refused when the bytes queued here plus those Netty has not yet written to the socket
 * would pass the bound, unless nothing is waiting at all (one frame always fits). Replies are never refused here;
 * the connection bounds them by not reading more requests while the peer does not read its replies.
 */
final class Outbox {
    /** Frames written per loop task before it yields to other channels (and flushes). */
    private static final int WRITES_PER_TASK = 1024;

    private final long boundBytes;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private volatile Channel channel;
    private volatile boolean closed;

    Outbox(long boundBytes) {
        this.boundBytes = boundBytes;
    }

    /** Queues a request frame of {@code frameBytes} (length prefix included); false, queuing nothing, if full. */
    boolean offerRequest(Envelope envelope, int frameBytes) {
        long before = queuedBytes.getAndAdd(frameBytes) + unwrittenBytes();
        if (before > 0 && before + frameBytes > boundBytes) {
            queuedBytes.addAndGet(-frameBytes);
            return false;
        }
        queue.add(new Item(envelope, frameBytes));
        kick();
        return true;
    }

    /** Queues a reply frame; never refused. */
    void offerReply(Envelope envelope, int frameBytes) {
        queuedBytes.addAndGet(frameBytes);
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

    /** Bytes queued here or written to the channel but not yet to the socket. */
    long pendingBytes() {
        return queuedBytes.get() + unwrittenBytes();
    }

    long boundBytes() {
        return boundBytes;
    }

    private long unwrittenBytes() {
        Channel ch = channel;
        if (ch == null) {
            return 0;
        }
        ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
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
            queuedBytes.addAndGet(-item.frameBytes());
            if (closed || !ch.isActive()) {
                continue; // the connection is gone; its requests fail with it
            }
            ch.write(Wire.encode(ch.alloc(), item.envelope()), ch.voidPromise());
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
            queuedBytes.addAndGet(-item.frameBytes());
        }
    }

    private record Item(Envelope envelope, int frameBytes) {
    }
}

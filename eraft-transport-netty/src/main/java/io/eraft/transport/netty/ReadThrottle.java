package io.eraft.transport.netty;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stops reading a connection while the peer's requests that this node's handlers hold pass the bound, or while the
 * peer does not read its replies (the channel is not writable); reads again once below half the bound and
 * writable. So a peer can make a node hold at most about the bound in requests and in replies.
 */
final class ReadThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(ReadThrottle.class);

    private final long boundBytes;
    private final Object owner;
    private final Runnable onPause;
    private final AtomicLong heldBytes = new AtomicLong();
    private final Runnable update = this::update;
    private volatile Channel channel;
    private volatile boolean paused; // written on the event loop only

    /**
     * @param owner   names the connection in log lines
     * @param onPause run each time reading stops (for the backpressure metric)
     */
    ReadThrottle(long boundBytes, Object owner, Runnable onPause) {
        this.boundBytes = boundBytes;
        this.owner = owner;
        this.onPause = onPause;
    }

    void attach(Channel ch) {
        channel = ch;
    }

    /** A request of {@code bytes} went to a handler. Event loop only. */
    void arrived(int bytes) {
        heldBytes.addAndGet(bytes);
        update();
    }

    /** A handler answered a request of {@code bytes}. Any thread. */
    void answered(int bytes) {
        heldBytes.addAndGet(-bytes);
        if (paused) {
            try {
                channel.eventLoop().execute(update);
            } catch (RejectedExecutionException e) {
                LOG.trace("{}: the transport is stopping; reading stays paused", owner);
            }
        }
    }

    /** Stops or resumes reading as the class comment says. Event loop only. */
    void update() {
        Channel ch = channel;
        long held = heldBytes.get();
        boolean writable = ch.isWritable();
        if (!paused && (held > boundBytes || !writable)) {
            paused = true;
            ch.config().setAutoRead(false);
            onPause.run();
            LOG.debug("{}: stopped reading ({} request bytes held by handlers, writable {})", owner, held, writable);
        } else if (paused && held <= boundBytes / 2 && writable) {
            paused = false;
            ch.config().setAutoRead(true);
            LOG.debug("{}: reading again", owner);
        }
    }
}

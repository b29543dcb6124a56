package io.eraft.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bound of an {@link Outbox} holds while frames move into the channel: a frame counts as waiting until its
 * write to the socket completes, also while a handler in front of the socket holds it (as TLS does until it
 * encrypts). The netty transport once subtracted a frame when it left the queue, so for a moment it counted
 * nowhere and a request could pass the bound ("waiting bytes 262612 over the bound" in BackpressureTest).
 */
class OutboxTest {
    private static final int PAYLOAD = 1000;

    private final HoldingWrites holding = new HoldingWrites();
    private final EmbeddedChannel channel = new EmbeddedChannel(holding);

    @AfterEach
    void release() {
        holding.releaseAll();
        channel.finishAndReleaseAll();
    }

    @Test
    void framesHeldBetweenTheQueueAndTheSocketStillCountAgainstTheBound() {
        int frame = frameBytes();
        Outbox outbox = new Outbox(3L * frame);
        for (int i = 0; i < 3; i++) {
            assertTrue(outbox.offerRequest(Envelopes.request(i, "c", new byte[PAYLOAD]), frame));
        }

        outbox.open(channel);
        channel.runPendingTasks(); // the queue drains into the channel, where the holding handler keeps the frames

        assertEquals(3, holding.held.size(), "the frames left the queue");
        assertEquals(3L * frame, outbox.pendingBytes(), "frames on their way to the socket stopped counting");
        assertFalse(outbox.offerRequest(Envelopes.request(3, "c", new byte[PAYLOAD]), frame),
                "a fourth frame passed the bound of three");
    }

    @Test
    void aFrameStopsCountingOnceItsWriteToTheSocketCompletes() {
        int frame = frameBytes();
        Outbox outbox = new Outbox(3L * frame);
        outbox.open(channel);
        for (int i = 0; i < 3; i++) {
            assertTrue(outbox.offerRequest(Envelopes.request(i, "c", new byte[PAYLOAD]), frame));
        }
        channel.runPendingTasks();

        holding.passOn(1);

        assertEquals(2L * frame, outbox.pendingBytes());
        assertTrue(outbox.offerRequest(Envelopes.request(3, "c", new byte[PAYLOAD]), frame));
    }

    @Test
    void oneFrameAlwaysFitsWhenNothingWaits() {
        Outbox outbox = new Outbox(1024);

        assertTrue(outbox.offerRequest(Envelopes.request(1, "c", new byte[4096]), 4200));
        assertFalse(outbox.offerRequest(Envelopes.request(2, "c", new byte[1]), 10));
    }

    private static int frameBytes() {
        return Wire.LENGTH_BYTES + Wire.frameLength(Envelopes.request(0, "c", new byte[PAYLOAD]));
    }

    /** Keeps every write (and its promise) until the test passes it on, as a slow handler would. */
    private static final class HoldingWrites extends ChannelOutboundHandlerAdapter {
        private final List<Object> held = new ArrayList<>();
        private final List<ChannelPromise> promises = new ArrayList<>();
        private ChannelHandlerContext context;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            held.add(msg);
            promises.add(promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            // held frames are not flushed until passed on
        }

        /** Writes the first {@code count} held frames through to the channel and flushes them. */
        void passOn(int count) {
            for (int i = 0; i < count; i++) {
                context.write(held.remove(0), promises.remove(0));
            }
            context.flush();
        }

        void releaseAll() {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
        }
    }
}

package io.eraft.transport.netty;

import io.eraft.transport.handling.PeerTraffic;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Error;

/** Sends a handler's outcome for one request back over the connection the request came on. */
final class NetworkReply implements ReplySink {
    private final ConnectionContext node;
    private final Outbox outbox;
    private final PeerTraffic traffic;
    private final long id;
    private final String channel;
    private final Runnable answered;

    /**
     * @param traffic  the instruments of the node or client that sent the request
     * @param answered run once the outcome is queued (the request no longer counts as held)
     */
    NetworkReply(ConnectionContext node, Outbox outbox, PeerTraffic traffic, long id, String channel,
                 Runnable answered) {
        this.node = node;
        this.outbox = outbox;
        this.traffic = traffic;
        this.id = id;
        this.channel = channel;
        this.answered = answered;
    }

    @Override
    public void reply(byte[] payload) {
        Envelope envelope = Envelopes.reply(id, payload);
        int frameLength = Wire.frameLength(envelope);
        int max = node.options().maxFrameBytes();
        if (frameLength > max) {
            fail(Error.Kind.HANDLER_FAILED, "the reply of " + payload.length + " bytes on channel '" + channel
                    + "' from node " + node.self() + " makes a frame of " + frameLength
                    + " bytes, over max-frame-bytes " + max);
            return;
        }
        node.counters().replySent(payload.length);
        send(envelope, frameLength, payload.length);
    }

    @Override
    public void fail(Error.Kind kind, String message) {
        Envelope envelope = Envelopes.error(id, kind, message);
        send(envelope, Wire.frameLength(envelope), 0);
    }

    private void send(Envelope envelope, int frameLength, int payloadBytes) {
        traffic.sent(payloadBytes);
        outbox.offerReply(envelope, Wire.LENGTH_BYTES + frameLength);
        answered.run();
    }
}

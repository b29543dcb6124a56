package io.eraft.transport.netty;

import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.transport.NodeId;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Error;
import io.eraft.transport.netty.proto.Hello;
import io.eraft.transport.netty.proto.Request;
import io.eraft.transport.netty.proto.Response;

/**
 * Builds the envelopes this transport sends. Payloads are wrapped, not copied: the transport owns a request's
 * payload once {@code request} is called, and a handler's reply once its future completes.
 */
final class Envelopes {
    /** Error messages longer than this are cut, so that an error reply stays small. */
    static final int MAX_ERROR_MESSAGE_CHARS = 4096;

    private Envelopes() {
    }

    /** The dialer's hello: who it is and whom it dialed. */
    static Envelope hello(NodeId self, NodeId target) {
        return Envelope.newBuilder()
                .setHello(Hello.newBuilder()
                        .setVersion(Wire.VERSION)
                        .setNodeId(self.value())
                        .setTargetNodeId(target.value()))
                .build();
    }

    /** The acceptor's answering hello. */
    static Envelope hello(NodeId self) {
        return Envelope.newBuilder()
                .setHello(Hello.newBuilder().setVersion(Wire.VERSION).setNodeId(self.value()))
                .build();
    }

    static Envelope request(long id, String channel, byte[] payload) {
        return Envelope.newBuilder()
                .setRequest(Request.newBuilder()
                        .setId(id)
                        .setChannel(channel)
                        .setPayload(UnsafeByteOperations.unsafeWrap(payload)))
                .build();
    }

    static Envelope reply(long id, byte[] payload) {
        return Envelope.newBuilder()
                .setResponse(Response.newBuilder().setId(id).setPayload(UnsafeByteOperations.unsafeWrap(payload)))
                .build();
    }

    static Envelope error(long id, Error.Kind kind, String message) {
        String text = message.length() > MAX_ERROR_MESSAGE_CHARS
                ? message.substring(0, MAX_ERROR_MESSAGE_CHARS) + "..."
                : message;
        return Envelope.newBuilder()
                .setResponse(Response.newBuilder()
                        .setId(id)
                        .setError(Error.newBuilder().setKind(kind).setMessage(text)))
                .build();
    }
}

package io.eraft.transport.netty;

import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.transport.handling.Claim;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Error;
import io.eraft.transport.netty.proto.Hello;
import io.eraft.transport.netty.proto.Refusal;
import io.eraft.transport.netty.proto.Request;
import io.eraft.transport.netty.proto.Response;
import io.eraft.transport.netty.proto.Role;

/**
 * Builds the envelopes this transport sends. Payloads are wrapped, not copied: the transport owns a request's
 * payload once {@code request} is called, and a handler's reply once its future completes.
 */
final class Envelopes {
    /** Error messages longer than this are cut, so that an error reply stays small. */
    static final int MAX_ERROR_MESSAGE_CHARS = 4096;

    private Envelopes() {
    }

    /** The dialer's hello: who it is, its cluster and role, and whom it dialed. */
    static Envelope hello(Claim self, NodeId target) {
        return Envelope.newBuilder().setHello(helloOf(self).setTargetNodeId(target.value())).build();
    }

    /** The acceptor's answering hello. */
    static Envelope hello(Claim self) {
        return Envelope.newBuilder().setHello(helloOf(self)).build();
    }

    /** The acceptor's answer to a hello it refuses. */
    static Envelope refusal(String reason) {
        return Envelope.newBuilder().setRefusal(Refusal.newBuilder().setReason(cut(reason))).build();
    }

    /** The wire form of {@code role}. */
    static Role role(Access role) {
        return switch (role) {
            case CLIENT -> Role.ROLE_CLIENT;
            case ADMIN -> Role.ROLE_ADMIN;
            case PEER -> Role.ROLE_PEER;
        };
    }

    /** The role a hello claims, or null if it names none this node knows. */
    static Access role(Role role) {
        return switch (role) {
            case ROLE_CLIENT -> Access.CLIENT;
            case ROLE_ADMIN -> Access.ADMIN;
            case ROLE_PEER -> Access.PEER;
            default -> null;
        };
    }

    private static Hello.Builder helloOf(Claim self) {
        return Hello.newBuilder()
                .setVersion(Wire.VERSION)
                .setNodeId(self.node().value())
                .setClusterId(self.cluster().value())
                .setRole(role(self.role()));
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
        return Envelope.newBuilder()
                .setResponse(Response.newBuilder()
                        .setId(id)
                        .setError(Error.newBuilder().setKind(kind).setMessage(cut(message))))
                .build();
    }

    private static String cut(String message) {
        return message.length() > MAX_ERROR_MESSAGE_CHARS
                ? message.substring(0, MAX_ERROR_MESSAGE_CHARS) + "..."
                : message;
    }
}

package io.eraft.transport.netty;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.transport.netty.proto.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.util.List;

/** Checks one frame's version byte and parses its {@link Envelope}; anything else is a {@link ProtocolViolation}. */
final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {

    FrameDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(frame));
    }

    /** The envelope of {@code frame} (version byte and envelope, length prefix already removed). */
    static Envelope decode(ByteBuf frame) {
        if (!frame.isReadable()) {
            throw new ProtocolViolation("empty frame: no version byte");
        }
        int version = frame.readUnsignedByte();
        if (version != Wire.VERSION) {
            throw new ProtocolViolation("unsupported protocol version " + version + " (this node speaks version "
                    + Wire.VERSION + ")");
        }
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(frame.nioBuffer());
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolation("malformed envelope (" + frame.readableBytes() + " bytes): " + e.getMessage(),
                    e);
        }
        if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
            throw new ProtocolViolation("the frame carries no hello, request, response or refusal");
        }
        return envelope;
    }
}

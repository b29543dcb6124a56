package io.eraft.transport.netty;

import com.google.protobuf.CodedOutputStream;
import io.eraft.transport.netty.proto.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The frame format: a 4-byte big-endian length, then the protocol version byte, then one {@link Envelope}. The
 * length counts the version byte and the envelope; {@code max-frame-bytes} bounds it on both sides.
 */
final class Wire {
    /**
     * The only protocol version this transport speaks; every frame carries it. Version 2 added cluster and role to
     * the hello, the refusal, and requests only on dialed connections; a version 1 node is refused by its first frame.
     */
    static final int VERSION = 2;
    /** Bytes of the length prefix. */
    static final int LENGTH_BYTES = 4;
    /** Bytes before the envelope that the frame length counts. */
    static final int VERSION_BYTES = 1;

    private Wire() {
    }

    /** The length a frame of {@code envelope} declares: version byte plus envelope. */
    static int frameLength(Envelope envelope) {
        return VERSION_BYTES + envelope.getSerializedSize();
    }

    /** The whole frame of {@code envelope}, length prefix included, in a new buffer the caller releases. */
    static ByteBuf encode(ByteBufAllocator alloc, Envelope envelope) {
        int size = envelope.getSerializedSize();
        ByteBuf frame = alloc.ioBuffer(LENGTH_BYTES + VERSION_BYTES + size);
        try {
            frame.writeInt(VERSION_BYTES + size);
            frame.writeByte(VERSION);
            int start = frame.writerIndex();
            CodedOutputStream out = CodedOutputStream.newInstance(frame.nioBuffer(start, size));
            envelope.writeTo(out);
            out.checkNoSpaceLeft();
            frame.writerIndex(start + size);
            return frame;
        } catch (IOException e) {
            frame.release();
            throw new UncheckedIOException("cannot encode a " + envelope.getBodyCase() + " envelope", e);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }
}

package io.eraft.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.util.List;

/**
 * Cuts the byte stream into frames by their length prefix (stripped), refusing a length over the limit as soon as
 * it is read, and reporting (as an {@link EndedInsideFrame} event) a connection that ends inside a frame.
 */
final class FrameSplitter extends LengthFieldBasedFrameDecoder {
    private final int maxFrameBytes;

    FrameSplitter(int maxFrameBytes) {
        super(maxFrameBytes + Wire.LENGTH_BYTES, 0, Wire.LENGTH_BYTES, 0, Wire.LENGTH_BYTES, true);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() >= Wire.LENGTH_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxFrameBytes) {
                throw new ProtocolViolation("frame length " + length + " exceeds max-frame-bytes " + maxFrameBytes);
            }
        }
        return super.decode(ctx, in);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable()) {
            int unread = in.readableBytes();
            in.skipBytes(unread);
            // an event, not an exception: it must reach the connection before the channelInactive that follows
            ctx.fireUserEventTriggered(new EndedInsideFrame("the connection ended inside a frame (" + unread
                    + " bytes of an unfinished frame)"));
        }
    }

    /** Fired when the peer hangs up in the middle of a frame. */
    record EndedInsideFrame(String reason) {
    }
}

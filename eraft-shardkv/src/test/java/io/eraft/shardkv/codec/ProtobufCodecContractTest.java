package io.eraft.shardkv.codec;

import io.eraft.api.codec.Codec;
import io.eraft.api.tck.CodecContract;

/** The provider test kit's {@link CodecContract}, run against the protobuf codec. */
class ProtobufCodecContractTest extends CodecContract {
    @Override
    protected Codec codec() {
        return new ProtobufCodec();
    }

    /** Field 99, varint 1: a well-formed command message from a newer version, with no operation this one knows. */
    @Override
    protected byte[] unknownCommand() {
        return new byte[] {(byte) 0x98, 0x06, 0x01};
    }
}

/** The KV state machine, shard controller and shard groups; the default protobuf codec. */
module io.eraft.shardkv {
    requires io.eraft.api;
    requires com.google.protobuf;
    requires org.slf4j;

    exports io.eraft.shardkv.codec;
    opens io.eraft.shardkv.proto to com.google.protobuf;

    provides io.eraft.api.codec.Codec with io.eraft.shardkv.codec.ProtobufCodec;
}

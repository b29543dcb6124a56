/**
 * The KV state machine, shard controller and shard groups; the default protobuf codec; the client applications embed
 * ({@code io.eraft.shardkv.client}), which finds its transport through io.eraft.api's ServiceLoader.
 */
module io.eraft.shardkv {
    requires transitive io.eraft.api; // the exported KV, codec and checker APIs speak in its types
    requires com.google.protobuf;
    requires org.slf4j;

    exports io.eraft.shardkv.admin;
    exports io.eraft.shardkv.client;
    exports io.eraft.shardkv.codec;
    exports io.eraft.shardkv.ctrler;
    exports io.eraft.shardkv.kv;
    exports io.eraft.shardkv.linearizability;
    exports io.eraft.shardkv.shard;
    exports io.eraft.shardkv.space;
    opens io.eraft.shardkv.proto to com.google.protobuf;

    provides io.eraft.api.codec.Codec with io.eraft.shardkv.codec.ProtobufCodec;
}

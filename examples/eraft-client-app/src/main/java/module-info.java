/**
 * An application that embeds the eRaft client. It reads only {@code io.eraft.shardkv} (whose client package brings
 * {@code io.eraft.api}); the transport ({@code io.eraft.transport}, netty) is on the module path and is found by
 * {@link java.util.ServiceLoader} at run time.
 */
module com.example.kvapp {
    requires io.eraft.shardkv;
}

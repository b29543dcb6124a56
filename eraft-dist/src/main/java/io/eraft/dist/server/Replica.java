package io.eraft.dist.server;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftStatus;
import io.eraft.shardkv.ctrler.ControllerServer;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.shard.ShardServer;
import io.eraft.shardkv.space.SpaceAlarm;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The replica a server process runs (a KV, shard group or controller member), as status and shutdown see it.
 *
 * @param raft      the Raft member
 * @param configNum see {@link NodeStatus#configNum()}
 * @param shards    see {@link NodeStatus#shards()}
 * @param space     the space alarm as last measured
 * @param closer    stops the replica
 */
record Replica(RaftNode raft, LongSupplier configNum, Supplier<SortedMap<Integer, String>> shards,
               Supplier<SpaceAlarm> space, Runnable closer) implements AutoCloseable {

    /** A member of a plain KV group. */
    static Replica of(KvServer server) {
        return new Replica(server.raft(), () -> 0, TreeMap::new, server::space, server::close);
    }

    /** A member of a shard group. */
    static Replica of(ShardServer server) {
        return new Replica(server.raft(), () -> server.stateMachine().current().num(), () -> {
            SortedMap<Integer, String> out = new TreeMap<>();
            server.stateMachine().shardStates().forEach((shard, state) -> out.put(shard, state.name()));
            return out;
        }, server::space, server::close);
    }

    /** A member of the shard controller. */
    static Replica of(ControllerServer server) {
        return new Replica(server.raft(), () -> server.stateMachine().latest().num(), TreeMap::new, server::space,
                server::close);
    }

    RaftStatus raftStatus() {
        return raft.status();
    }

    /** Why the space alarm is raised, or "" when it is not. */
    String alarm() {
        SpaceAlarm alarm = space.get();
        return alarm.raised() ? alarm.reason() : "";
    }

    @Override
    public void close() {
        closer.run();
    }
}

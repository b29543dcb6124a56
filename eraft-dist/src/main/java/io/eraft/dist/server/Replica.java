package io.eraft.dist.server;

import io.eraft.api.raft.RaftStatus;
import io.eraft.shardkv.ctrler.ControllerServer;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.shard.ShardServer;

import java.util.SortedMap;
import java.util.TreeMap;

/** The replica a server process runs (a KV, shard group or controller member), as status and shutdown see it. */
sealed interface Replica extends AutoCloseable {
    /** The Raft member's state. */
    RaftStatus raftStatus();

    /** See {@link NodeStatus#configNum()}. */
    long configNum();

    /** See {@link NodeStatus#shards()}. */
    SortedMap<Integer, String> shards();

    @Override
    void close();

    /** A member of a plain KV group. */
    record Kv(KvServer server) implements Replica {
        @Override
        public RaftStatus raftStatus() {
            return server.status();
        }

        @Override
        public long configNum() {
            return 0;
        }

        @Override
        public SortedMap<Integer, String> shards() {
            return new TreeMap<>();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A member of a shard group. */
    record Shard(ShardServer server) implements Replica {
        @Override
        public RaftStatus raftStatus() {
            return server.raft().status();
        }

        @Override
        public long configNum() {
            return server.stateMachine().current().num();
        }

        @Override
        public SortedMap<Integer, String> shards() {
            SortedMap<Integer, String> out = new TreeMap<>();
            server.stateMachine().shardStates().forEach((shard, state) -> out.put(shard, state.name()));
            return out;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A member of the shard controller. */
    record Ctrler(ControllerServer server) implements Replica {
        @Override
        public RaftStatus raftStatus() {
            return server.raft().status();
        }

        @Override
        public long configNum() {
            return server.stateMachine().latest().num();
        }

        @Override
        public SortedMap<Integer, String> shards() {
            return new TreeMap<>();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}

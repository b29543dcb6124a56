package io.eraft.dist.server;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Map;

/** A {@link NodeStatus} as JSON fields (snake_case), as {@code /status} and {@code /health} show it. */
final class StatusJson {
    private StatusJson() {
    }

    /** Every fact of {@code s}: what {@code eraft status} shows. */
    static void write(JsonGenerator g, NodeStatus s) throws IOException {
        identity(g, s);
        g.writeStringField("address", s.address());
        g.writeStringField("kind", s.kind().label());
        g.writeStringField("cluster", s.cluster());
        g.writeStringField("member", s.member());
        g.writeNumberField("config_index", s.configIndex());
        g.writeNumberField("last_log_index", s.lastLogIndex());
        g.writeNumberField("snapshot_index", s.snapshotIndex());
        g.writeNumberField("log_bytes", s.logBytes());
        g.writeStringField("store", s.store());
        g.writeNumberField("store_bytes", s.storeBytes());
        g.writeNumberField("config_num", s.configNum());
        g.writeObjectFieldStart("shards");
        for (Map.Entry<Integer, String> e : s.shards().entrySet()) {
            g.writeStringField(Integer.toString(e.getKey()), e.getValue());
        }
        g.writeEndObject();
        g.writeBooleanField("failed", s.failed());
        g.writeStringField("failure", s.failure());
        g.writeBooleanField("recovering", s.recovering());
        g.writeStringField("alarm", s.alarm());
    }

    /** Who the node is and where its Raft member stands: what a health check reports. */
    static void identity(JsonGenerator g, NodeStatus s) throws IOException {
        g.writeStringField("node", s.id());
        g.writeStringField("group", s.group());
        g.writeStringField("role", s.role().name().toLowerCase());
        g.writeNumberField("term", s.term());
        g.writeStringField("leader", s.leader());
        g.writeNumberField("commit_index", s.commitIndex());
        g.writeNumberField("applied_index", s.appliedIndex());
    }
}

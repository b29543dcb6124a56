package io.eraft.dist.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code /api/cluster}: a {@link ClusterState} as JSON.
 *
 * <pre>{@code
 * {"polled": epoch ms, "config": n or null, "configProblem": text or null,
 *  "nodes": [{"id","group","address","role","term","leader","commitIndex","appliedIndex","lag","offline","failed",
 *             "problem"}],
 *  "groups": [{"group","leader"}],
 *  "shards": [{"shard","group","state"}],
 *  "series": {"time": [epoch s], "groups": [names],
 *             "ops": [[per group, per round]], "p99Ms": [[...]], "fsyncP99Ms": [[...]], "commitLag": [[...]]}}
 * }</pre>
 *
 * A figure a round does not have (the group was not seen, no ops/s in its first round, no leader for the lag) is
 * null, which the charts draw as a gap. {@code lag} of a node is -1 when its group has no known leader.
 */
final class ClusterJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ClusterJson() {
    }

    static byte[] write(ClusterState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("polled", state.polledMillis());
            if (state.configNum() < 0) {
                g.writeNullField("config");
            } else {
                g.writeNumberField("config", state.configNum());
            }
            g.writeStringField("configProblem", state.configProblem());
            g.writeArrayFieldStart("nodes");
            for (ClusterState.NodeRow n : state.nodes()) {
                g.writeStartObject();
                g.writeStringField("id", n.id());
                g.writeStringField("group", n.group());
                g.writeStringField("address", n.address());
                g.writeStringField("role", n.role());
                g.writeNumberField("term", n.term());
                g.writeStringField("leader", n.leader());
                g.writeNumberField("commitIndex", n.commitIndex());
                g.writeNumberField("appliedIndex", n.appliedIndex());
                g.writeNumberField("lag", n.lag());
                g.writeBooleanField("offline", n.offline());
                g.writeBooleanField("failed", n.failed());
                g.writeStringField("problem", n.problem());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("groups");
            for (ClusterState.GroupRow r : state.groups()) {
                g.writeStartObject();
                g.writeStringField("group", r.group());
                g.writeStringField("leader", r.leader());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("shards");
            for (ClusterState.ShardRow s : state.shards()) {
                g.writeStartObject();
                g.writeNumberField("shard", s.shard());
                g.writeStringField("group", s.group());
                g.writeStringField("state", s.state());
                g.writeEndObject();
            }
            g.writeEndArray();
            series(g, state.series());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void series(JsonGenerator g, List<ClusterState.Sample> samples) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        samples.forEach(s -> names.addAll(s.groups().keySet()));
        List<String> groups = names.stream().sorted().toList();
        g.writeObjectFieldStart("series");
        g.writeArrayFieldStart("time");
        for (ClusterState.Sample s : samples) {
            g.writeNumber(s.timeMillis() / 1000.0);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("groups");
        for (String name : groups) {
            g.writeString(name);
        }
        g.writeEndArray();
        column(g, "ops", samples, groups, f -> f.opsPerSecond());
        column(g, "p99Ms", samples, groups, f -> f.kvP99Micros() / 1000.0);
        column(g, "fsyncP99Ms", samples, groups, f -> f.fsyncP99Micros() / 1000.0);
        column(g, "commitLag", samples, groups, f -> f.commitLag() < 0 ? Double.NaN : f.commitLag());
        g.writeEndObject();
    }

    private static void column(JsonGenerator g, String field, List<ClusterState.Sample> samples, List<String> groups,
                               ToDoubleFunction<ClusterState.GroupFigures> value) throws IOException {
        g.writeArrayFieldStart(field);
        for (String name : groups) {
            g.writeStartArray();
            for (ClusterState.Sample s : samples) {
                ClusterState.GroupFigures f = s.groups().get(name);
                double v = f == null ? Double.NaN : value.applyAsDouble(f);
                if (Double.isNaN(v)) {
                    g.writeNull();
                } else {
                    g.writeNumber(Math.round(v * 1000) / 1000.0);
                }
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }
}

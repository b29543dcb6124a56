package io.eraft.dist.server;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.TransportException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The admin status reply on the wire: UTF-8 {@code key=value} lines, starting with {@code format=1}. Text, so that
 * a newer server may add keys an older client ignores, and so that a reply is readable when debugging. The keys
 * {@code kind}, {@code config} and {@code shards} ({@code 0:SERVING,3:PULLING}) came later: a reply without them is
 * a KV server's. {@code cluster}, {@code failure} (one line), {@code recovering} and {@code alarm} came with
 * cluster ids, fail-stop and the space alarm: a reply without them is of a healthy server that did not say its
 * cluster. {@code member} (voter, learner, or "not a member") and {@code config-index} came with membership changes.
 * {@code kv-ops}, {@code kv-p99-us} and {@code fsync-p99-us} (the live figures of the web console) came with
 * observability: a reply without them reads as 0.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class StatusCodec {
    /** The format this codec writes and reads. */
    public static final int FORMAT = 1;
    private static final List<String> KEYS = List.of("id", "group", "address", "role", "term", "leader", "commit",
            "applied", "last-log", "snapshot", "log-bytes", "store", "store-bytes");

    private StatusCodec() {
    }

    public static byte[] encode(NodeStatus s) {
        StringBuilder b = new StringBuilder("format=").append(FORMAT).append('\n');
        line(b, "id", s.id());
        line(b, "group", s.group());
        line(b, "address", s.address());
        line(b, "role", s.role().name());
        line(b, "term", s.term());
        line(b, "leader", s.leader());
        line(b, "commit", s.commitIndex());
        line(b, "applied", s.appliedIndex());
        line(b, "last-log", s.lastLogIndex());
        line(b, "snapshot", s.snapshotIndex());
        line(b, "log-bytes", s.logBytes());
        line(b, "store", s.store());
        line(b, "store-bytes", s.storeBytes());
        line(b, "kind", s.kind().label());
        line(b, "config", s.configNum());
        line(b, "shards", s.shards().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(",")));
        line(b, "cluster", s.cluster());
        line(b, "failure", s.failure());
        line(b, "recovering", s.recovering());
        line(b, "alarm", s.alarm());
        line(b, "member", s.member());
        line(b, "config-index", s.configIndex());
        line(b, "kv-ops", s.kvOps());
        line(b, "kv-p99-us", s.kvP99Micros());
        line(b, "fsync-p99-us", s.fsyncP99Micros());
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a reply of {@code node}.
     *
     * @throws TransportException naming the node and what is wrong: another format, a missing key or a bad number
     */
    public static NodeStatus decode(String node, byte[] reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(reply, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String format = fields.get("format");
        if (!String.valueOf(FORMAT).equals(format)) {
            throw bad(node, "status format " + format + " (this client reads format " + FORMAT + ")");
        }
        for (String key : KEYS) {
            if (!fields.containsKey(key)) {
                throw bad(node, "the reply has no '" + key + "'");
            }
        }
        Role role;
        try {
            role = Role.valueOf(fields.get("role"));
        } catch (IllegalArgumentException e) {
            throw bad(node, "unknown role '" + fields.get("role") + "'");
        }
        ServerRole kind;
        try {
            kind = ServerRole.ofLabel(fields.getOrDefault("kind", ServerRole.KV.label()));
        } catch (IllegalArgumentException e) {
            throw bad(node, e.getMessage());
        }
        fields.putIfAbsent("config", "0");
        return new NodeStatus(fields.get("id"), fields.get("group"), fields.get("address"), role,
                number(node, fields, "term"), fields.get("leader"), number(node, fields, "commit"),
                number(node, fields, "applied"), number(node, fields, "last-log"), number(node, fields, "snapshot"),
                number(node, fields, "log-bytes"),
                fields.get("store"), number(node, fields, "store-bytes"), kind, number(node, fields, "config"),
                shards(node, fields.getOrDefault("shards", "")), fields.getOrDefault("cluster", ""),
                fields.getOrDefault("failure", ""), Boolean.parseBoolean(fields.get("recovering")),
                fields.getOrDefault("alarm", ""), fields.getOrDefault("member", ""),
                optionalNumber(node, fields, "config-index"), optionalNumber(node, fields, "kv-ops"),
                optionalNumber(node, fields, "kv-p99-us"), optionalNumber(node, fields, "fsync-p99-us"));
    }

    private static SortedMap<Integer, String> shards(String node, String text) {
        SortedMap<Integer, String> out = new TreeMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            try {
                out.put(Integer.parseInt(entry.substring(0, Math.max(colon, 0))), entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw bad(node, "'shards' entry '" + entry + "' is not shard:phase");
            }
        }
        return out;
    }

    private static void line(StringBuilder b, String key, Object value) {
        String text = String.valueOf(value);
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("status field " + key + " holds a line break: " + text);
        }
        b.append(key).append('=').append(text).append('\n');
    }

    private static long number(String node, Map<String, String> fields, String key) {
        try {
            return Long.parseLong(fields.get(key));
        } catch (NumberFormatException e) {
            throw bad(node, "'" + key + "' is not a number: " + fields.get(key));
        }
    }

    /** A number a server of an older version may not send: 0 when absent. */
    private static long optionalNumber(String node, Map<String, String> fields, String key) {
        return fields.containsKey(key) ? number(node, fields, key) : 0;
    }

    private static TransportException bad(String node, String why) {
        return new TransportException("node " + node + " sent a malformed status reply: " + why);
    }
}

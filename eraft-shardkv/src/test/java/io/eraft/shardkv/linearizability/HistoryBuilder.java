package io.eraft.shardkv.linearizability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds histories for tests by hand, with times in milliseconds. Null strings stand for "absent". */
final class HistoryBuilder {
    private final List<Operation> ops = new ArrayList<>();

    HistoryBuilder get(int client, String key, String output, double fromMs, double toMs) {
        return add(client, OpKind.GET, key, null, null, fromMs, toMs, output, false);
    }

    HistoryBuilder put(int client, String key, String value, double fromMs, double toMs) {
        return add(client, OpKind.PUT, key, value, null, fromMs, toMs, null, false);
    }

    HistoryBuilder append(int client, String key, String suffix, double fromMs, double toMs) {
        return add(client, OpKind.APPEND, key, suffix, null, fromMs, toMs, null, false);
    }

    HistoryBuilder delete(int client, String key, double fromMs, double toMs) {
        return add(client, OpKind.DELETE, key, null, null, fromMs, toMs, null, false);
    }

    HistoryBuilder cas(int client, String key, String expected, String value, boolean applied, double fromMs,
                       double toMs) {
        return add(client, OpKind.CAS, key, value, expected, fromMs, toMs, null, applied);
    }

    /** An operation that got no reply. */
    HistoryBuilder unknown(int client, OpKind kind, String key, String value, String expected, double fromMs) {
        ops.add(new Operation(ops.size(), client, kind, bytes(key), bytes(value), bytes(expected), nanos(fromMs),
                Operation.UNKNOWN_RETURN, null, false, false));
        return this;
    }

    List<Operation> build() {
        return List.copyOf(ops);
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private HistoryBuilder add(int client, OpKind kind, String key, String value, String expected, double fromMs,
                               double toMs, String output, boolean applied) {
        ops.add(new Operation(ops.size(), client, kind, bytes(key), bytes(value), bytes(expected), nanos(fromMs),
                nanos(toMs), bytes(output), applied, true));
        return this;
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1_000_000);
    }
}

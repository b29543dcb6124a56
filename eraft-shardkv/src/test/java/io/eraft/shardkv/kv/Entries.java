package io.eraft.shardkv.kv;

import io.eraft.api.codec.Codec;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.shardkv.codec.ProtobufCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds consecutive log entries of KV commands, from index 1, encoded with the protobuf codec. */
final class Entries {
    static final Codec CODEC = new ProtobufCodec();

    private final List<LogEntry> entries = new ArrayList<>();

    Entries put(long client, long seq, String key, String value) {
        return command(new Put(client, seq, b(key), b(value)));
    }

    Entries append(long client, long seq, String key, String suffix) {
        return command(new Append(client, seq, b(key), b(suffix)));
    }

    Entries delete(long client, long seq, String key) {
        return command(new Delete(client, seq, b(key)));
    }

    Entries cas(long client, long seq, String key, String expected, String newValue) {
        return command(new CompareAndSet(client, seq, b(key), expected == null ? null : b(expected), b(newValue)));
    }

    Entries get(String key) {
        return command(new Get(0, 0, b(key)));
    }

    Entries noop() {
        entries.add(new LogEntry(nextIndex(), 1, EntryType.NOOP, new byte[0]));
        return this;
    }

    Entries raw(byte[] data) {
        entries.add(new LogEntry(nextIndex(), 1, EntryType.COMMAND, data));
        return this;
    }

    Entries command(Command c) {
        return raw(CODEC.encodeCommand(c));
    }

    long nextIndex() {
        return entries.size() + 1;
    }

    List<LogEntry> all() {
        return List.copyOf(entries);
    }

    /** Entries {@code from} to {@code to} inclusive (1-based log indexes). */
    List<LogEntry> range(long from, long to) {
        return List.copyOf(entries.subList((int) from - 1, (int) to));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}

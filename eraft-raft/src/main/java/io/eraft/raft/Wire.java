package io.eraft.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.raft.proto.Entry;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;

import java.util.ArrayList;
import java.util.List;

/** Conversions between log entries and their wire form, and decoding with clear errors. */
final class Wire {
    private static final byte[] EMPTY = new byte[0];

    private Wire() {
    }

    static Entry toWire(LogEntry e) {
        Entry.Builder b = Entry.newBuilder().setIndex(e.index()).setTerm(e.term());
        if (e.type() == EntryType.NOOP) {
            b.setNoop(true);
        }
        if (e.data().length > 0) {
            // Entries are immutable, so the bytes are shared instead of copied.
            b.setData(UnsafeByteOperations.unsafeWrap(e.data()));
        }
        return b.build();
    }

    static List<LogEntry> fromWire(List<Entry> entries) {
        List<LogEntry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(new LogEntry(e.getIndex(), e.getTerm(), e.getNoop() ? EntryType.NOOP : EntryType.COMMAND,
                    e.getData().isEmpty() ? EMPTY : e.getData().toByteArray()));
        }
        return out;
    }

    static RaftRequest parseRequest(byte[] payload) {
        try {
            RaftRequest r = RaftRequest.parseFrom(payload);
            if (r.getBodyCase() == RaftRequest.BodyCase.BODY_NOT_SET) {
                throw new IllegalArgumentException("Raft request of an unknown kind (" + payload.length + " bytes)");
            }
            return r;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("malformed Raft request (" + payload.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    static RaftResponse parseResponse(byte[] payload) {
        try {
            return RaftResponse.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("malformed Raft response (" + payload.length + " bytes): "
                    + e.getMessage(), e);
        }
    }
}

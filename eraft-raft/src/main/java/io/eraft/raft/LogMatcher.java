package io.eraft.raft;

import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;

import java.util.List;

/**
 * The follower's side of AppendEntries' consistency check (Raft §5.3) with fast backtracking: does the leader's
 * previous entry match ours, and which of the sent entries are new.
 */
final class LogMatcher {
    private LogMatcher() {
    }

    /** The outcome of a check. */
    sealed interface Result permits Accept, Reject {
    }

    /**
     * The log matches up to the sent entries.
     *
     * @param toAppend  the entries not already in the log (from the first missing or conflicting one)
     * @param lastIndex the last index the request covers: everything up to here now matches the leader
     */
    record Accept(List<LogEntry> toAppend, long lastIndex) implements Result {
    }

    /** The previous entry does not match; the hint lets the leader skip a whole term at once. */
    record Reject(long conflictIndex, long conflictTerm) implements Result {
    }

    static Result check(LogStore log, long prevIndex, long prevTerm, List<LogEntry> entries) {
        long snapshotIndex = log.snapshotMeta().index();
        long lastIndex = log.lastIndex();
        long requestEnd = prevIndex + entries.size();
        if (prevIndex < snapshotIndex) {
            // Everything up to the snapshot is committed, hence equal to the leader's: skip it.
            int skip = (int) Math.min(entries.size(), snapshotIndex - prevIndex);
            entries = entries.subList(skip, entries.size());
            prevIndex = snapshotIndex;
            prevTerm = log.snapshotMeta().term();
            if (entries.isEmpty()) {
                return new Accept(List.of(), requestEnd);
            }
        }
        if (prevIndex > lastIndex) {
            return new Reject(lastIndex + 1, 0);
        }
        long ourTerm = log.term(prevIndex);
        if (ourTerm != prevTerm) {
            long first = prevIndex;
            while (first - 1 > snapshotIndex && log.term(first - 1) == ourTerm) {
                first--;
            }
            return new Reject(first, ourTerm);
        }
        for (int i = 0; i < entries.size(); i++) {
            LogEntry e = entries.get(i);
            if (e.index() > lastIndex || log.term(e.index()) != e.term()) {
                return new Accept(entries.subList(i, entries.size()), requestEnd);
            }
        }
        return new Accept(List.of(), requestEnd);
    }

    /** The last index in {@code log} holding {@code term}, at or below {@code upTo}; 0 when there is none. */
    static long lastIndexOfTerm(LogStore log, long term, long upTo) {
        long i = Math.min(upTo, log.lastIndex());
        long floor = log.snapshotMeta().index();
        while (i > floor) {
            long t = log.term(i);
            if (t == term) {
                return i;
            }
            if (t < term) {
                return 0;
            }
            i--;
        }
        return 0;
    }
}

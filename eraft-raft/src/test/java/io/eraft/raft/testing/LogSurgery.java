package io.eraft.raft.testing;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.SnapshotMeta;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Rewrites the {@link LogKind#MEMORY memory} log of a stopped member, the way damage and its repair would leave it:
 * cut after an index with the hard state marked recovering (what the log store's offline repair does to a damaged
 * log), or with entries whose terms changed (a log that disagrees with what the group committed).
 */
public final class LogSurgery {
    private LogSurgery() {
    }

    /**
     * Keeps entries up to {@code keepThrough} and drops the rest, as a repair that cut the log at damage after it;
     * the hard state is kept and marked {@link HardState#recovering() recovering}.
     */
    public static void cutAfterAndMarkRecovering(Path logDir, long keepThrough) {
        rewrite(logDir, entries -> entries.stream().filter(e -> e.index() <= keepThrough).toList(),
                hs -> new HardState(hs.term(), hs.votedFor(), true));
    }

    /** Gives every entry from {@code fromIndex} on the term {@code term}, keeping their data. */
    public static void setTermFrom(Path logDir, long fromIndex, long term) {
        rewrite(logDir, entries -> entries.stream().map(e -> e.index() < fromIndex ? e
                : new LogEntry(e.index(), term, e.type(), e.data())).toList(), hs -> hs);
    }

    private static void rewrite(Path logDir, UnaryOperator<List<LogEntry>> entries, UnaryOperator<HardState> hard) {
        LogStore old = LogKind.MEMORY.open(logDir);
        HardState hardState;
        SnapshotMeta snapshot;
        List<LogEntry> kept;
        try {
            hardState = old.hardState();
            snapshot = old.snapshotMeta();
            kept = old.lastIndex() < old.firstIndex() ? List.of()
                    : new ArrayList<>(old.entries(old.firstIndex(), old.lastIndex() + 1, Long.MAX_VALUE));
        } finally {
            old.close();
        }
        LogKind.MEMORY.forget(logDir);
        LogStore log = LogKind.MEMORY.open(logDir);
        try {
            if (snapshot.index() > 0) {
                await(log.reset(snapshot));
            }
            List<LogEntry> rewritten = entries.apply(kept);
            if (!rewritten.isEmpty()) {
                await(log.append(rewritten));
            }
            await(log.saveHardState(hard.apply(hardState)));
        } finally {
            log.close();
        }
    }

    private static void await(CompletableFuture<?> write) {
        try {
            write.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("rewriting a log failed", e);
        }
    }
}

package io.eraft.raft;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.raft.testing.LogKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a leader's append gives a recovering member everything back, on a log of entries 1-5 in term 2, 6-8 in 3. */
class RecoveryTest {
    @TempDir
    Path dir;
    private LogStore log;

    @BeforeEach
    void logOfTermsTwoAndThree() throws Exception {
        log = LogKind.MEMORY.open(dir.resolve("log"));
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            entries.add(new LogEntry(i, i <= 5 ? 2 : 3, EntryType.COMMAND, new byte[]{(byte) i}));
        }
        log.append(entries).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        log.close();
        LogKind.MEMORY.forget(dir.resolve("log"));
    }

    @Test
    void anEntryOfTheLeadersTermAtOrAfterItsCommitIndexEndsTheRecovery() {
        assertTrue(new Recovery(true).completedBy(log, 3, 7, 8));
        assertTrue(new Recovery(true).completedBy(log, 3, 8, 8));
    }

    @Test
    void matchingOnlyBelowTheLeadersCommitIndexOrOnlyEntriesOfEarlierTermsDoesNot() {
        assertFalse(new Recovery(true).completedBy(log, 3, 9, 8), "below the leader's commit index");
        assertFalse(new Recovery(true).completedBy(log, 3, 4, 5), "the last matching entry is of term 2");
        assertFalse(new Recovery(true).completedBy(log, 4, 8, 8), "no entry of the leader's term 4");
        assertFalse(new Recovery(true).completedBy(log, 3, 8, 9), "past the log's end");
    }

    @Test
    void aMemberThatIsNotRecoveringHasNothingToEndButARepairedOneSaysSoForItsWholeIncarnation() {
        assertFalse(new Recovery(false).completedBy(log, 3, 7, 8));
        Recovery r = new Recovery(true);
        r.end();
        assertFalse(r.recovering());
        assertTrue(r.repaired());
    }
}

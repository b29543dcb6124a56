package io.eraft.raft.testing;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The safety checks of the fixture must themselves catch what they promise to catch. */
class CheckingStateMachineTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");

    private final Violations violations = new Violations();
    private final AppliedHistory history = new AppliedHistory(violations);
    private final SnapshotDisk disk = new SnapshotDisk();

    private CheckingStateMachine machine(NodeId id) {
        return CheckingStateMachine.restore(id, history, violations, disk, 100);
    }

    private static LogEntry command(long index, long term, String text) {
        return new LogEntry(index, term, EntryType.COMMAND, Commands.of(text));
    }

    @Test
    void identicalHistoriesOnTwoNodesRaiseNoViolation() {
        List<LogEntry> log = List.of(new LogEntry(1, 1, EntryType.NOOP, new byte[0]), command(2, 1, "x"),
                command(3, 1, "y"));
        machine(A).apply(log);
        machine(B).apply(log.subList(0, 2));
        assertEquals(List.of(), violations.list());
        assertEquals(2, history.at(2).orElseThrow().index());
    }

    @Test
    void differentCommandsAtOneIndexAreReportedWithIndexAndBothNodes() {
        machine(A).apply(List.of(command(1, 1, "x")));
        machine(B).apply(List.of(command(1, 1, "other")));
        String v = violations.first().orElseThrow();
        assertTrue(v.contains("b applied 1@1") && v.contains("a") && v.contains("'x'"), v);
    }

    @Test
    void sameCommandInADifferentTermIsReported() {
        machine(A).apply(List.of(command(1, 1, "x")));
        machine(B).apply(List.of(command(1, 2, "x")));
        assertEquals(1, violations.count(), violations.list().toString());
    }

    @Test
    void aGapOrAReorderInTheAppliedIndexesIsReported() {
        CheckingStateMachine m = machine(A);
        m.apply(List.of(command(1, 1, "x")));
        m.apply(List.of(command(3, 1, "z")));
        assertTrue(violations.first().orElseThrow().contains("index 3 right after 1"), violations.list().toString());
    }

    @Test
    void commandsAnswerWithTheirIndexAndNoopsWithNull() {
        List<byte[]> results = machine(A).apply(List.of(new LogEntry(1, 1, EntryType.NOOP, new byte[0]),
                command(2, 1, "x")));
        assertNull(results.get(0));
        assertEquals(2, Commands.decodeIndexResult(results.get(1)));
    }

    @Test
    void snapshotStreamedToAnotherNodeInstallsAndApplyingContinuesSafely() throws IOException {
        CheckingStateMachine a = machine(A);
        a.apply(List.of(command(1, 1, "x"), command(2, 1, "y")));
        CheckingStateMachine b = machine(B);
        try (SnapshotSource s = a.openSnapshot()) {
            assertEquals(2, s.index());
            b.installSnapshot(s.index(), s.data());
        }
        assertEquals(2, b.lastApplied());
        a.apply(List.of(command(3, 1, "z")));
        b.apply(List.of(command(3, 1, "z")));
        assertEquals(List.of(), violations.list());
        assertEquals(2, disk.load(B).index(), "an installed snapshot is durable");
    }

    @Test
    void snapshotWhoseHistoryDiffersFromTheClusterIsReported() throws IOException {
        machine(A).apply(List.of(command(1, 1, "x")));
        Violations otherViolations = new Violations();
        CheckingStateMachine elsewhere = CheckingStateMachine.restore(B, new AppliedHistory(otherViolations),
                otherViolations, new SnapshotDisk(), 0);
        elsewhere.apply(List.of(command(1, 1, "not-x")));
        CheckingStateMachine b = machine(B);
        try (SnapshotSource s = elsewhere.openSnapshot()) {
            b.installSnapshot(1, s.data());
        }
        assertTrue(violations.first().orElseThrow().contains("digest mismatch"), violations.list().toString());
    }

    @Test
    void damagedSnapshotChunkFailsTheInstallAndIsReported() throws IOException {
        CheckingStateMachine a = machine(A);
        a.apply(List.of(command(1, 1, "x")));
        byte[] bytes;
        try (SnapshotSource s = a.openSnapshot(); InputStream in = s.data()) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length - 10] ^= 1;
        byte[] damaged = bytes;
        assertThrows(IOException.class, () -> machine(B).installSnapshot(1, new ByteArrayInputStream(damaged)));
        assertTrue(violations.first().orElseThrow().contains("damaged"), violations.list().toString());
    }

    @Test
    void restartResumesFromTheLastDurableSnapshotNotFromWhatWasApplied() {
        CheckingStateMachine a = machine(A);
        a.apply(List.of(command(1, 1, "x"), command(2, 1, "y")));
        assertEquals(2, a.takeSnapshot());
        a.apply(List.of(command(3, 1, "z")));
        a.retire();
        CheckingStateMachine restarted = machine(A);
        assertEquals(2, restarted.lastApplied());
        restarted.apply(List.of(command(3, 1, "z")));
        assertEquals(List.of(), violations.list());
    }

    @Test
    void retiredIncarnationNeverOverwritesTheDisk() {
        CheckingStateMachine a = machine(A);
        a.apply(List.of(command(1, 1, "x")));
        a.takeSnapshot();
        a.apply(List.of(command(2, 1, "y")));
        a.retire();
        assertEquals(1, a.takeSnapshot(), "a retired incarnation reports the durable index");
        assertEquals(1, disk.load(A).index());
    }

    @Test
    void snapshotImageRoundTripsWithPadding() throws IOException {
        SnapshotImage image = new SnapshotImage(7, new byte[32]);
        byte[] encoded = image.encode(3000);
        assertTrue(encoded.length > 3000);
        SnapshotImage back = SnapshotImage.decode(new ByteArrayInputStream(encoded));
        assertEquals(image, back);
        assertArrayEquals(image.digest(), back.digest());
    }

    @Test
    void twoLeadersInOneTermAreReported() {
        LeaderHistory leaders = new LeaderHistory(violations);
        leaders.observe(new RaftStatus(A, Role.LEADER, 3, A, 0, 0, 1, 0, 0, 0));
        leaders.observe(new RaftStatus(A, Role.LEADER, 3, A, 0, 0, 1, 0, 0, 0));
        assertEquals(0, violations.count());
        leaders.observe(new RaftStatus(B, Role.LEADER, 3, B, 0, 0, 1, 0, 0, 0));
        assertTrue(violations.first().orElseThrow().contains("term 3"), violations.list().toString());
    }

    @Test
    void seedIsInTheFailureMessageAndReplayable() {
        TestSeed seed = new TestSeed(42);
        assertTrue(seed.replayHint().contains("-Deraft.test.seed=42"));
        assertEquals(seed.derive(1), new TestSeed(42).derive(1), "derived seeds are reproducible");
        assertTrue(seed.derive(1) != seed.derive(2));
    }

    @Test
    void wrappedApplicationGetsEveryEntryAndItsResultsAreReturned() {
        ListApp app = new ListApp(0);
        CheckingStateMachine m = CheckingStateMachine.wrap(A, history, violations, disk, 10, app);
        List<byte[]> results = m.apply(List.of(command(1, 1, "x"), command(2, 1, "y")));
        assertEquals(List.of("x", "y"), app.applied);
        assertEquals("app:2", new String(results.get(1), StandardCharsets.UTF_8));
        assertEquals(2, history.highestIndex(), "the checks still saw the entries");
    }

    @Test
    void wrappedSnapshotIsTheImageThenTheApplicationsBytesAndInstallsIntoBoth() throws IOException {
        ListApp appA = new ListApp(0);
        CheckingStateMachine a = CheckingStateMachine.wrap(A, history, violations, disk, 50, appA);
        a.apply(List.of(command(1, 1, "x"), command(2, 1, "y")));
        ListApp appB = new ListApp(0);
        CheckingStateMachine b = CheckingStateMachine.wrap(B, history, violations, disk, 50, appB);
        try (SnapshotSource s = a.openSnapshot()) {
            assertEquals(2, s.index());
            b.installSnapshot(s.index(), s.data());
        }
        assertEquals(List.of("x", "y"), appB.applied, "the application's part reached the application");
        assertEquals(2, b.lastApplied());
        b.apply(List.of(command(3, 1, "z")));
        a.apply(List.of(command(3, 1, "z")));
        assertEquals(List.of(), violations.list());
    }

    @Test
    void wrappedMachineResumesWhereTheApplicationsDurableStateEnds() {
        machine(A).apply(List.of(command(1, 1, "x"), command(2, 1, "y")));
        CheckingStateMachine resumed = CheckingStateMachine.wrap(B, history, violations, disk, 0, new ListApp(2));
        assertEquals(2, resumed.lastApplied());
        resumed.apply(List.of(command(3, 1, "z")));
        assertEquals(List.of(), violations.list(), "the digest at 2 came from the cluster history");

        CheckingStateMachine.wrap(B, history, violations, disk, 0, new ListApp(9));
        assertTrue(violations.first().orElseThrow().contains("index 9, which no member ever applied"),
                violations.list().toString());
    }

    /** An application that keeps the applied commands as text; its snapshot is them, one per line. */
    private static final class ListApp implements StateMachine {
        final List<String> applied = new ArrayList<>();
        long last;

        ListApp(long durable) {
            last = durable;
        }

        @Override
        public long lastApplied() {
            return last;
        }

        @Override
        public List<byte[]> apply(List<LogEntry> committed) {
            List<byte[]> results = new ArrayList<>();
            for (LogEntry e : committed) {
                applied.add(new String(e.data(), StandardCharsets.UTF_8));
                last = e.index();
                results.add(Commands.of("app:" + e.index()));
            }
            return results;
        }

        @Override
        public long takeSnapshot() {
            return last;
        }

        @Override
        public SnapshotSource openSnapshot() {
            byte[] bytes = Commands.of(String.join("\n", applied));
            long index = last;
            return SnapshotSource.ofBytes(index, bytes);
        }

        @Override
        public void installSnapshot(long index, InputStream data) throws IOException {
            String text = new String(data.readAllBytes(), StandardCharsets.UTF_8);
            applied.clear();
            applied.addAll(List.of(text.split("\n")));
            last = index;
        }
    }
}

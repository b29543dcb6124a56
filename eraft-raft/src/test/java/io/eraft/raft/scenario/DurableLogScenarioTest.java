package io.eraft.raft.scenario;

import io.eraft.api.log.LogCorruptedException;
import io.eraft.api.log.LogStore;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.LogKind;
import io.eraft.raft.testing.RaftCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raft on the durable {@code segmented} log with fsync: a torn tail on one member loses nothing the group
 * acknowledged, and a damaged record before the tail stops the member from starting.
 *
 * <p>The tests damage segment files the way a crash or a bad disk would. They rely only on the record framing the
 * persister documents ({@code int length, int crc, byte type, ...}; type 2 is a log entry) to cut inside a record.
 */
@Timeout(60)
class DurableLogScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final byte ENTRY_RECORD = 2;

    @Test
    void memberWithATornLastRecordRecoversAndCatchesUpWithoutLosingAcknowledgedEntries(TestSeed seed,
                                                                                        @TempDir Path dir)
            throws IOException {
        try (RaftCluster c = RaftCluster.builder(3, seed).logKind(LogKind.SEGMENTED).baseDir(dir).start()) {
            long acknowledged = 0;
            for (int i = 0; i < 20; i++) {
                acknowledged = c.one(Commands.of("durable-" + i), 3, false);
            }
            NodeId victim = c.next(c.checkOneLeader(), 1);
            long lastBefore = c.log(victim).lastIndex();
            c.stop(victim);

            Path segment = lastSegment(c.logDir(victim));
            long lastRecord = lastRecordOffset(segment);
            assertEquals(ENTRY_RECORD, recordType(segment, lastRecord),
                    "the stopped follower's log must end with an entry record to tear");
            long size = Files.size(segment);
            truncate(segment, lastRecord + (size - lastRecord) / 2);

            LogStore reopened = LogKind.SEGMENTED.open(c.logDir(victim));
            try {
                assertEquals(lastBefore - 1, reopened.lastIndex(), "recovery must cut exactly the torn entry");
            } finally {
                reopened.close();
            }

            for (int i = 0; i < 5; i++) {
                acknowledged = c.one(Commands.of("while-down-" + i), 2, false);
            }
            c.restart(victim);
            c.awaitApplied(acknowledged, 3);
            long afterRestart = c.one(Commands.of("after-restart"), 3, true);
            assertTrue(afterRestart > acknowledged);
            assertTrue(c.appliedIndex(victim) >= acknowledged, victim + " did not catch up to " + acknowledged);
        }
    }

    @Test
    void damagedRecordBeforeTheTailStopsTheMemberFromStartingWithLogCorruptedException(TestSeed seed,
                                                                                       @TempDir Path dir)
            throws IOException {
        byte[] marker = Commands.sized("CORRUPT-ME-" + seed.value(), 200);
        try (RaftCluster c = RaftCluster.builder(3, seed).logKind(LogKind.SEGMENTED).baseDir(dir).start()) {
            for (int i = 0; i < 5; i++) {
                c.one(Commands.of("before-" + i), 3, false);
            }
            c.one(marker, 3, false);
            for (int i = 0; i < 10; i++) {
                c.one(Commands.of("after-" + i), 3, false);
            }
            NodeId victim = c.next(c.checkOneLeader(), 1);
            c.stop(victim);

            Path damaged = flipByteInside(c.logDir(victim), marker);
            LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> c.restart(victim),
                    "a damaged record before the tail must stop the log from opening");
            assertTrue(String.valueOf(e.getMessage()).contains(damaged.getFileName().toString()),
                    "the message must name the damaged file " + damaged.getFileName() + ": " + e.getMessage());
            assertFalse(c.isUp(victim), "the member must stay down when its log cannot be opened");

            c.one(Commands.of("two-of-three"), 2, true);
        }
    }

    private static Path lastSegment(Path logDir) throws IOException {
        try (Stream<Path> files = Files.list(logDir)) {
            List<Path> segments = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted()
                    .collect(Collectors.toList());
            assertFalse(segments.isEmpty(), "no segment file in " + logDir);
            return segments.get(segments.size() - 1);
        }
    }

    /** The offset of the last record in {@code segment}, walking the length fields. */
    private static long lastRecordOffset(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = ch.size();
            long offset = 0;
            long last = -1;
            ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
            while (offset < size) {
                length.clear();
                ch.read(length, offset);
                last = offset;
                offset += 8 + length.flip().getInt();
            }
            assertEquals(size, offset, "the records of " + segment + " do not end at its end");
            return last;
        }
    }

    private static byte recordType(Path segment, long recordOffset) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer type = ByteBuffer.allocate(1);
            ch.read(type, recordOffset + 8);
            return type.get(0);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** Flips one byte in the middle of {@code payload} in the segment file that holds it; returns that file. */
    private static Path flipByteInside(Path logDir, byte[] payload) throws IOException {
        String needle = new String(payload, StandardCharsets.ISO_8859_1);
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted()
                    .collect(Collectors.toList())) {
                byte[] bytes = Files.readAllBytes(file);
                int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(needle);
                if (at >= 0) {
                    bytes[at + payload.length / 2] ^= 0x40;
                    Files.write(file, bytes);
                    return file;
                }
            }
        }
        throw new AssertionError("no segment file in " + logDir + " holds the marker entry");
    }
}

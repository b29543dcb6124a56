package io.eraft.persister;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test entries whose data names their index and term, and a comparison that looks at the data. */
public final class Entries {
    private Entries() {
    }

    public static LogEntry entry(long index, long term) {
        return new LogEntry(index, term, EntryType.COMMAND,
                ("entry-" + index + "@" + term).getBytes(StandardCharsets.UTF_8));
    }

    /** Entries {@code from} to {@code to} inclusive, all in {@code term}. */
    public static List<LogEntry> range(long from, long to, long term) {
        List<LogEntry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(entry(i, term));
        }
        return out;
    }

    public static void assertSameEntries(List<LogEntry> expected, List<LogEntry> actual) {
        assertEquals(expected.size(), actual.size(), () -> "entry count; got " + actual);
        for (int k = 0; k < expected.size(); k++) {
            LogEntry e = expected.get(k);
            LogEntry a = actual.get(k);
            assertEquals(e.index(), a.index(), "index at position " + k);
            assertEquals(e.term(), a.term(), "term of entry " + e.index());
            assertEquals(e.type(), a.type(), "type of entry " + e.index());
            assertArrayEquals(e.data(), a.data(), "data of entry " + e.index());
        }
    }
}

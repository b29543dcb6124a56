package io.eraft.shardkv.linearizability;

import io.eraft.shardkv.linearizability.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.eraft.shardkv.linearizability.HistoryBuilder.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {
    @Test
    void recordsInvocationAndReplyWithGivenTimes() {
        History history = new History();
        long put = history.invoke(1, OpKind.PUT, bytes("k"), bytes("v"), null, 100);
        long get = history.invoke(2, OpKind.GET, bytes("k"), null, null, 150);
        history.ok(put, null, false, 200);
        history.ok(get, bytes("v"), false, 250);

        List<Operation> ops = history.operations();

        assertEquals(2, history.size());
        assertEquals(new Operation(put, 1, OpKind.PUT, bytes("k"), bytes("v"), null, 100, 200, null, false, true),
                ops.get(0));
        assertEquals(new Operation(get, 2, OpKind.GET, bytes("k"), null, null, 150, 250, bytes("v"), false, true),
                ops.get(1));
    }

    @Test
    void operationWithoutReplyIsReportedAsUnknown() {
        History history = new History();
        long timedOut = history.invoke(1, OpKind.APPEND, bytes("k"), bytes("x"), null, 10);
        long pending = history.invoke(2, OpKind.DELETE, bytes("k"), null, null, 20);
        history.unknown(timedOut);

        for (Operation op : history.operations()) {
            assertFalse(op.completed(), "operation " + op.id());
            assertEquals(Operation.UNKNOWN_RETURN, op.returnNanos());
        }
        assertEquals(List.of(timedOut, pending), history.operations().stream().map(Operation::id).toList());
    }

    @Test
    void secondOutcomeForOneOperationIsRejected() {
        History history = new History();
        long id = history.invoke(1, OpKind.PUT, bytes("k"), bytes("v"), null, 10);
        history.ok(id, null, false, 20);

        IllegalStateException again = assertThrows(IllegalStateException.class, () -> history.unknown(id));
        assertTrue(again.getMessage().contains("operation " + id), again.getMessage());
        assertThrows(IllegalStateException.class, () -> history.ok(id, null, false, 30));
    }

    @Test
    void outcomeForUnknownIdIsRejected() {
        History history = new History();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.ok(7, null, false));
        assertTrue(e.getMessage().contains("no operation with id 7"), e.getMessage());
    }

    @Test
    void replyBeforeInvocationIsRejected() {
        History history = new History();
        long id = history.invoke(1, OpKind.GET, bytes("k"), null, null, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> history.ok(id, null, false, 99));
        assertTrue(e.getMessage().contains("before its invocation"), e.getMessage());
    }

    @Test
    void inputThatDoesNotFitTheKindIsRejected() {
        History history = new History();
        assertThrows(IllegalArgumentException.class, () -> history.invoke(1, OpKind.PUT, bytes("k"), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> history.invoke(1, OpKind.GET, bytes("k"), bytes("v"), null));
        assertThrows(IllegalArgumentException.class,
                () -> history.invoke(1, OpKind.APPEND, bytes("k"), bytes("v"), bytes("e")));
        assertEquals(0, history.size());
    }

    @Test
    void recordedBytesAndReturnedListAreCopies() {
        History history = new History();
        byte[] value = bytes("v");
        long id = history.invoke(1, OpKind.PUT, bytes("k"), value, null, 1);
        value[0] = 'X';
        List<Operation> ops = history.operations();
        ops.get(0).value()[0] = 'Y';

        assertArrayEquals(bytes("v"), history.operations().get(0).value());
        assertThrows(UnsupportedOperationException.class, () -> ops.add(ops.get(0)));
        assertEquals(0, id);
    }

    @Test
    void concurrentClientsRecordALinearizableHistoryOnTheSystemClock() throws Exception {
        History history = new History();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.add(pool.submit(() -> runClient(history, client)));
            }
            for (Future<?> f : clients) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Operation> ops = history.operations();
        Set<Long> ids = new HashSet<>();
        ops.forEach(op -> ids.add(op.id()));

        assertEquals(4 * 500, ops.size());
        assertEquals(ops.size(), ids.size(), "ids are unique");
        assertTrue(ops.stream().allMatch(Operation::completed));
        CheckResult result = LinearizabilityChecker.check(history, Duration.ofSeconds(20));
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
        assertEquals(4, result.keysChecked());
    }

    /** One client appending to its own key and reading it back, as a real sequential client would. */
    private static void runClient(History history, int client) {
        byte[] key = bytes("key-" + client);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            long append = history.invoke(client, OpKind.APPEND, key, bytes("x"), null);
            value.append('x');
            history.ok(append, null, false);
            long get = history.invoke(client, OpKind.GET, key, null, null);
            history.ok(get, bytes(value.toString()), false);
        }
    }

    @Test
    void operationRecordValidatesAndCopies() {
        byte[] key = bytes("k");
        Operation op = new Operation(3, 1, OpKind.CAS, key, bytes("new"), null, 5, 6, null, true, true);
        key[0] = 'z';
        assertArrayEquals(bytes("k"), op.key());
        assertNull(op.expected());
        IllegalArgumentException unknownWithOutput = assertThrows(IllegalArgumentException.class,
                () -> new Operation(4, 1, OpKind.GET, bytes("k"), null, null, 5, Operation.UNKNOWN_RETURN,
                        bytes("v"), false, false));
        assertTrue(unknownWithOutput.getMessage().contains("operation 4"), unknownWithOutput.getMessage());
    }

    @Test
    void duplicateOperationIdsAreRejectedByTheChecker() {
        Operation a = new Operation(1, 1, OpKind.DELETE, bytes("k"), null, null, 0, 1, null, false, true);
        Operation b = new Operation(1, 2, OpKind.DELETE, bytes("k"), null, null, 2, 3, null, false, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearizabilityChecker.check(List.of(a, b), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("operation id 1 appears more than once"), e.getMessage());
    }

    @Test
    void negativeBudgetIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LinearizabilityChecker.check(List.of(), Duration.ofMillis(-1)));
    }
}

package io.eraft.dist.check;

import io.eraft.shardkv.linearizability.CheckResult;
import io.eraft.shardkv.linearizability.LinearizabilityChecker;
import io.eraft.shardkv.linearizability.OpKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckReportTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static CheckReport report(Recorder r, List<LogAudit.Finding> findings, List<String> problems,
                                      Path history) {
        CheckResult result = LinearizabilityChecker.check(r.forChecker(), Duration.ofSeconds(10));
        return new CheckReport(result, findings, r.count(Recorder.Outcome.OK), r.count(Recorder.Outcome.FAIL),
                r.count(Recorder.Outcome.INFO), List.of("kill n1"), history, problems);
    }

    private static String print(CheckReport report) {
        StringWriter w = new StringWriter();
        report.print(new PrintWriter(w, true));
        return w.toString();
    }

    @Test
    void aCleanHistoryPassesWithExitZero(@TempDir Path dir) {
        Recorder r = new Recorder();
        long put = r.invoke(0, OpKind.PUT, b("k"), b("1"), null);
        r.ok(put, null, false);
        long get = r.invoke(1, OpKind.GET, b("k"), null, null);
        r.ok(get, b("1"), false);
        CheckReport report = report(r, List.of(), List.of(), dir.resolve("h"));
        assertEquals(0, report.exitCode());
        String text = print(report);
        assertTrue(text.contains("checker: LINEARIZABLE") && text.contains("verdict: PASS"), text);
        assertTrue(text.contains("operations: 2 (ok 2, fail 0, info 0"), text);
    }

    @Test
    void aStaleReadFailsWithExitOneNamingTheKeyAndTheOperations(@TempDir Path dir) {
        Recorder r = new Recorder();
        long p1 = r.invoke(0, OpKind.PUT, b("stale-key"), b("old"), null);
        r.ok(p1, null, false);
        long p2 = r.invoke(0, OpKind.PUT, b("stale-key"), b("new"), null);
        r.ok(p2, null, false);
        long g = r.invoke(1, OpKind.GET, b("stale-key"), null, null);
        r.ok(g, b("old"), false);
        CheckReport report = report(r, List.of(), List.of(), dir.resolve("h"));
        assertEquals(1, report.exitCode());
        String text = print(report);
        assertTrue(text.contains("checker: NOT LINEARIZABLE"), text);
        assertTrue(text.contains("key stale-key: "), text);
        assertTrue(text.contains("verdict: FAIL"), text);
    }

    @Test
    void aDefinitelyFailedWriteIsLeftOutWhileAnUnknownOneMayHaveApplied(@TempDir Path dir) {
        Recorder r = new Recorder();
        long failed = r.invoke(0, OpKind.PUT, b("k"), b("never"), null);
        r.fail(failed, "KvUnavailableException: not proposed");
        long get = r.invoke(1, OpKind.GET, b("k"), null, null);
        r.ok(get, null, false);
        assertEquals(0, report(r, List.of(), List.of(), dir.resolve("h")).exitCode());

        Recorder seen = new Recorder();
        long wrong = seen.invoke(0, OpKind.PUT, b("k"), b("never"), null);
        seen.fail(wrong, "not applied");
        long read = seen.invoke(1, OpKind.GET, b("k"), null, null);
        seen.ok(read, b("never"), false);
        assertEquals(1, report(seen, List.of(), List.of(), dir.resolve("h2")).exitCode(),
                "a write reported as not applied must not be seen");

        Recorder unknown = new Recorder();
        long maybe = unknown.invoke(0, OpKind.PUT, b("k"), b("maybe"), null);
        unknown.info(maybe, "KvTimeoutException");
        long after = unknown.invoke(1, OpKind.GET, b("k"), null, null);
        unknown.ok(after, b("maybe"), false);
        assertEquals(0, report(unknown, List.of(), List.of(), dir.resolve("h3")).exitCode());
    }

    @Test
    void lostOrDuplicatedAppendsAndProblemsFailEvenWhenTheHistoryIsLinearizable(@TempDir Path dir) {
        Recorder r = new Recorder();
        var lost = LogAudit.audit("log", "0.1;", List.of("0.1;", "0.2;"), Set.of("0.1;", "0.2;"));
        CheckReport report = report(r, List.of(lost), List.of(), dir.resolve("h"));
        assertEquals(1, report.exitCode());
        assertTrue(print(report).contains("acknowledged writes lost: 1, duplicated: 0"), print(report));
        assertTrue(print(report).contains("key log: lost [0.2;]"), print(report));
        CheckReport died = report(r, List.of(), List.of("n2 restarted after its log tail was torn exited with "
                + "status 4"), dir.resolve("h2"));
        assertEquals(1, died.exitCode());
        assertTrue(print(died).contains("problem: n2 restarted"), print(died));
    }

    @Test
    void theHistoryFileHasALineAnOperationWithItsOutcome(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        r.ok(r.invoke(0, OpKind.PUT, b("k"), b("v"), null), null, false);
        r.fail(r.invoke(1, OpKind.APPEND, b("k"), b("x"), null), "not applied");
        r.info(r.invoke(2, OpKind.CAS, b("k"), b("w"), b("v")), "timeout");
        Path file = dir.resolve("history.txt");
        r.write(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).contains(" ok PUT 6b 76 - - false"), lines.get(1));
        assertTrue(lines.get(2).contains(" fail APPEND 6b 78 ") && lines.get(2).endsWith("# not applied"),
                lines.get(2));
        assertTrue(lines.get(3).contains(" info CAS 6b 77 76 - ") && lines.get(3).contains(" - info"),
                lines.get(3));
    }
}

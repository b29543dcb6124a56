package io.eraft.dist.check;

import io.eraft.shardkv.linearizability.CheckResult;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The verdict of a check: the checker's result on the history, the audit of every log key, counts of operations by
 * outcome, the faults injected, and where the history was written. Passes when the history is linearizable and no
 * acknowledged write was lost or duplicated.
 */
record CheckReport(CheckResult result, List<LogAudit.Finding> findings, long ok, long fail, long info,
                   List<String> faults, Path history, List<String> problems) {
    /** Exit statuses: 0 passed, 1 a violation, 5 the checker could not decide in its time. */
    static final int PASSED = 0;
    static final int VIOLATION = 1;
    /** The same as {@code ExitCodes.UNDECIDED}. */
    static final int UNDECIDED = 5;

    boolean lossFree() {
        return findings.stream().allMatch(LogAudit.Finding::clean);
    }

    int exitCode() {
        if (!lossFree() || !problems.isEmpty() || result.verdict() == CheckResult.Verdict.NOT_LINEARIZABLE) {
            return VIOLATION;
        }
        return result.verdict() == CheckResult.Verdict.UNKNOWN ? UNDECIDED : PASSED;
    }

    void print(PrintWriter out) {
        out.println("operations: " + (ok + fail + info) + " (ok " + ok + ", fail " + fail + ", info " + info
                + ": fail = definitely not applied, info = outcome unknown)");
        out.println("faults: " + (faults.isEmpty() ? "none" : faults.size() + " (" + String.join(", ", faults)
                + ")"));
        long lost = findings.stream().mapToLong(f -> f.lost().size()).sum();
        long duplicated = findings.stream().mapToLong(f -> f.duplicated().size()).sum();
        out.println("acknowledged writes lost: " + lost + ", duplicated: " + duplicated);
        for (LogAudit.Finding f : findings) {
            if (!f.clean()) {
                out.println("  key " + f.key() + ": lost " + f.lost() + ", duplicated " + f.duplicated()
                        + ", never sent " + f.phantom());
            }
        }
        for (String p : problems) {
            out.println("problem: " + p);
        }
        out.println("history: " + history + " (" + (ok + fail + info) + " operations)");
        String verdict = switch (result.verdict()) {
            case LINEARIZABLE -> "LINEARIZABLE";
            case NOT_LINEARIZABLE -> "NOT LINEARIZABLE";
            case UNKNOWN -> "UNKNOWN (the checker ran out of time; raise --check-timeout)";
        };
        out.println("checker: " + verdict + " (" + result.keysChecked() + " keys, " + result.took().toMillis()
                + " ms)");
        if (result.verdict() == CheckResult.Verdict.NOT_LINEARIZABLE) {
            out.println("key " + new String(result.key(), StandardCharsets.UTF_8) + ": " + result.explanation());
        }
        out.println("verdict: " + switch (exitCode()) {
            case PASSED -> "PASS";
            case UNDECIDED -> "UNDECIDED";
            default -> "FAIL";
        });
    }
}

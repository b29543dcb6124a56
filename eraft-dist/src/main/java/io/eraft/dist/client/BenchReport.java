package io.eraft.dist.client;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Objects;

import static io.eraft.dist.client.ReportFormat.format;
import static io.eraft.dist.client.ReportFormat.millis;
import static io.eraft.dist.client.ReportFormat.whole;

/**
 * The outcome of a KV benchmark run.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param options    what ran
 * @param seconds    how long it ran
 * @param reads      the reads
 * @param writes     the writes
 * @param total      reads and writes together
 * @param errors     operations that failed (after the clerk's retries)
 * @param firstError the first failure's message, or null
 * @param floor      the disk floor measured before the run ({@link DiskFloor}), or null when not measured
 */
public record BenchReport(BenchOptions options, double seconds, LatencySummary reads, LatencySummary writes,
                          LatencySummary total, long errors, String firstError, DiskFloor floor) {
    /** A report without a disk floor. */
    public BenchReport(BenchOptions options, double seconds, LatencySummary reads, LatencySummary writes,
                       LatencySummary total, long errors, String firstError) {
        this(options, seconds, reads, writes, total, errors, firstError, null);
    }

    private static final String ROW = "%-7s %10s %12s %10s %10s %10s %10s %10s%n";

    public BenchReport {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(total, "total");
    }

    /** This report with the disk floor measured beside it. */
    public BenchReport withFloor(DiskFloor measured) {
        return new BenchReport(options, seconds, reads, writes, total, errors, firstError, measured);
    }

    /** A table for people: a line per operation kind with ops/s and latency percentiles in milliseconds. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(format("%d clients, %.1f s, %d keys, %d-byte values, read ratio %.2f%n", options.clients(), seconds,
                options.keys(), options.valueBytes(), options.readRatio()));
        b.append(format(ROW, "", "ops", "ops/s", "p50(ms)", "p95(ms)", "p99(ms)", "p999(ms)", "max(ms)"));
        row(b, "reads", reads);
        row(b, "writes", writes);
        row(b, "total", total);
        b.append("errors: ").append(errors);
        if (firstError != null) {
            b.append(" (first: ").append(firstError).append(')');
        }
        b.append(System.lineSeparator());
        if (floor != null) {
            b.append(format("disk floor: fdatasync of a %d-byte append in %s: p50 %.0f us, p99 %.0f us (%d samples)",
                    DiskFloor.APPEND_BYTES, floor.directory(), floor.p50Micros(), floor.p99Micros(), floor.samples()));
            if (writes.count() > 0) {
                b.append(format("; writes p50 = %.1f x the fdatasync p50", floor.multipleOfP50(writes.p50Micros())));
            }
            b.append(System.lineSeparator());
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, LatencySummary s) {
        b.append(format(ROW, name, s.count(), whole(s.opsPerSecond()), millis(s.p50Micros()), millis(s.p95Micros()),
                millis(s.p99Micros()), millis(s.p999Micros()), millis(s.maxMicros())));
    }

    /** One JSON object: the options, then per kind (reads, writes, total) count, ops/s and latencies in µs. */
    public String toJson() {
        return ReportFormat.jsonObject(g -> {
            g.writeNumberField("clients", options.clients());
            g.writeNumberField("keys", options.keys());
            g.writeNumberField("valueBytes", options.valueBytes());
            g.writeNumberField("readRatio", options.readRatio());
            g.writeNumberField("warmupSeconds", options.warmup().toMillis() / 1000.0);
            g.writeNumberField("seconds", seconds);
            summary(g, "reads", reads);
            summary(g, "writes", writes);
            summary(g, "total", total);
            if (floor != null) {
                g.writeObjectFieldStart("diskFloor");
                g.writeStringField("directory", floor.directory().toString());
                g.writeNumberField("samples", floor.samples());
                g.writeNumberField("fdatasyncP50Micros", floor.p50Micros());
                g.writeNumberField("fdatasyncP99Micros", floor.p99Micros());
                g.writeEndObject();
            }
            g.writeNumberField("errors", errors);
            if (firstError != null) {
                g.writeStringField("firstError", firstError);
            }
        });
    }

    private static void summary(JsonGenerator g, String name, LatencySummary s) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("ops", s.count());
        g.writeNumberField("opsPerSecond", s.opsPerSecond());
        g.writeNumberField("p50Micros", s.p50Micros());
        g.writeNumberField("p95Micros", s.p95Micros());
        g.writeNumberField("p99Micros", s.p99Micros());
        g.writeNumberField("p999Micros", s.p999Micros());
        g.writeNumberField("maxMicros", s.maxMicros());
        g.writeEndObject();
    }
}

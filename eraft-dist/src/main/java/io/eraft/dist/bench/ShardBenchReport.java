package io.eraft.dist.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eraft.dist.client.ReportFormat;
import io.eraft.dist.demo.PhaseSummary;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.eraft.dist.client.ReportFormat.format;
import static io.eraft.dist.client.ReportFormat.millis;
import static io.eraft.dist.client.ReportFormat.whole;

/**
 * The outcome of {@link ShardBenchmark}: (a) one group, (b) two groups, their ratio, and (c) a third group joining
 * under load. As a table for people ({@link #toText()}) or one JSON object ({@link #toJson()}).
 *
 * @param options    what ran
 * @param cores      the machine's processors
 * @param oneGroup   (a)
 * @param twoGroups  (b), split by owning group
 * @param migration  (c)
 * @param firstError the first failed operation's description, or null
 */
public record ShardBenchReport(ShardBenchmark.Options options, int cores, PhaseSummary oneGroup,
                               PhaseSummary twoGroups, MigrationReport migration, String firstError) {
    private static final String ROW = "%-22s %8s %10s %9s %8s %8s %9s %7s  %s%n";
    private static final int WINDOWS_PER_ROW = 10;

    public ShardBenchReport {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(oneGroup, "oneGroup");
        Objects.requireNonNull(twoGroups, "twoGroups");
        Objects.requireNonNull(migration, "migration");
    }

    /** What runs, on how many cores, and why two groups on one machine do not double throughput. */
    public static String header(ShardBenchmark.Options o, int cores) {
        return format("bench-shard: a controller of 3 and shard groups of 3 servers in this JVM "
                + "(netty on loopback, store %s, fsync %s), %d shards; %d clients routing through the controller, "
                + "%d keys, %d-byte values, read ratio %.2f; %.1f s warmup and %.1f s measured per phase; %d cores%n"
                + "Note: on one machine every group shares the same %d cores and the same disk, so 2 groups do not "
                + "double throughput here; each group brings its own hardware only on its own machines.%n",
                o.store(), o.fsync() ? "on" : "off", o.shards(), o.clients(), o.keys(), o.valueBytes(), o.readRatio(),
                o.warmupSeconds(), o.seconds(), cores, cores);
    }

    /** Throughput of (b) over (a); 0 when (a) completed nothing. */
    public double ratio() {
        return oneGroup.opsPerSecond() == 0 ? 0 : twoGroups.opsPerSecond() / oneGroup.opsPerSecond();
    }

    /** The results as tables and sentences. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(format(ROW, "phase", "seconds", "ops", "ops/s", "p50(ms)", "p99(ms)", "p999(ms)", "errors",
                "ops/s per group"));
        row(b, "(a) 1 group", oneGroup);
        row(b, "(b) 2 groups", twoGroups);
        if (migration.during() != null) {
            row(b, "(c) during migration", migration.during());
        }
        if (migration.after() != null) {
            row(b, "(c) after migration", migration.after());
        }
        b.append(format("2 groups / 1 group: %.2fx throughput (%d cores shared by every group)%n", ratio(),
                cores));
        migrationText(b);
        if (firstError != null) {
            b.append("first error: ").append(firstError).append(System.lineSeparator());
        }
        return b.toString();
    }

    private void migrationText(StringBuilder b) {
        MigrationReport m = migration;
        b.append(format("%n(c) %s joined 2 loaded groups: configuration %d moved %d shards to it %s%n", m.group(),
                m.configNum(), m.movedShards().size(), m.movedShards()));
        b.append(format("throughput per %d ms window, ops/s, from the Join at +0.0 s (* = during the migration):%n",
                Math.round(ShardBenchmark.WINDOW.toMillis())));
        List<MigrationReport.Tick> ticks = m.windows();
        for (int i = 0; i < ticks.size(); i += WINDOWS_PER_ROW) {
            List<MigrationReport.Tick> row = ticks.subList(i, Math.min(ticks.size(), i + WINDOWS_PER_ROW));
            b.append(format("  %+6.1fs ", row.get(0).atSeconds()));
            for (MigrationReport.Tick t : row) {
                b.append(format("%7.0f%s", t.opsPerSecond(), t.migrating() ? "*" : " "));
            }
            b.append(System.lineSeparator());
        }
        if (m.settled()) {
            b.append(format("migration: %.2f s from the Join to every group's leader serving all its shards "
                    + "(SERVING); %d errors during it%n", m.durationSeconds(), m.errors()));
        } else {
            b.append(format("migration: NOT settled %.0f s after the Join; %d errors so far%n",
                    m.durationSeconds(), m.errors()));
        }
        if (m.lowest() != null) {
            b.append(format("dip: the lowest window during it (at %+.1f s) did %.0f ops/s, %.0f%% of the "
                    + "pre-migration median (the windows of (b)) of %.0f ops/s%n", m.lowest().atSeconds(),
                    m.lowest().opsPerSecond(), 100 * m.lowestShare(), m.preMedian()));
        }
    }

    private static void row(StringBuilder b, String name, PhaseSummary p) {
        b.append(format(ROW, name, format("%.1f", p.seconds()), p.total().count(), whole(p.opsPerSecond()),
                millis(p.total().p50Micros()), millis(p.total().p99Micros()), millis(p.total().p999Micros()),
                p.errors(), p.perGroupText()));
    }

    /** One JSON object: the options, the cores, each phase, the ratio and the migration with its windows. */
    public String toJson() {
        return ReportFormat.jsonObject(g -> {
            g.writeNumberField("cores", cores);
            g.writeStringField("store", options.store());
            g.writeBooleanField("fsync", options.fsync());
            g.writeNumberField("shards", options.shards());
            g.writeNumberField("clients", options.clients());
            g.writeNumberField("keys", options.keys());
            g.writeNumberField("valueBytes", options.valueBytes());
            g.writeNumberField("readRatio", options.readRatio());
            g.writeNumberField("warmupSeconds", options.warmupSeconds());
            phase(g, "oneGroup", oneGroup);
            phase(g, "twoGroups", twoGroups);
            g.writeNumberField("ratio", ratio());
            migration(g, migration);
            if (firstError != null) {
                g.writeStringField("firstError", firstError);
            }
        });
    }

    private static void migration(JsonGenerator g, MigrationReport m) throws IOException {
        g.writeObjectFieldStart("migration");
        g.writeStringField("group", m.group());
        g.writeNumberField("config", m.configNum());
        g.writeArrayFieldStart("movedShards");
        for (int s : m.movedShards()) {
            g.writeNumber(s);
        }
        g.writeEndArray();
        g.writeBooleanField("settled", m.settled());
        g.writeNumberField("seconds", m.durationSeconds());
        g.writeNumberField("errors", m.errors());
        g.writeNumberField("preMedianOpsPerSecond", m.preMedian());
        if (m.lowest() != null) {
            g.writeNumberField("lowestOpsPerSecond", m.lowest().opsPerSecond());
            g.writeNumberField("lowestAtSeconds", m.lowest().atSeconds());
            g.writeNumberField("lowestShare", m.lowestShare());
        }
        if (m.during() != null) {
            phase(g, "during", m.during());
        }
        if (m.after() != null) {
            phase(g, "after", m.after());
        }
        g.writeArrayFieldStart("windows");
        for (MigrationReport.Tick t : m.windows()) {
            g.writeStartObject();
            g.writeNumberField("atSeconds", t.atSeconds());
            g.writeNumberField("seconds", t.seconds());
            g.writeNumberField("opsPerSecond", t.opsPerSecond());
            g.writeNumberField("errors", t.errors());
            g.writeBooleanField("migrating", t.migrating());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void phase(JsonGenerator g, String name, PhaseSummary p) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("seconds", p.seconds());
        g.writeNumberField("ops", p.total().count());
        g.writeNumberField("opsPerSecond", p.opsPerSecond());
        g.writeNumberField("p50Micros", p.total().p50Micros());
        g.writeNumberField("p99Micros", p.total().p99Micros());
        g.writeNumberField("p999Micros", p.total().p999Micros());
        g.writeNumberField("errors", p.errors());
        g.writeObjectFieldStart("perGroup");
        for (Map.Entry<String, Double> e : p.perGroup().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}

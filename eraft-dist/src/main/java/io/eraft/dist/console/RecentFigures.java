package io.eraft.dist.console;

import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.eraft.dist.server.NodeStatus;
import org.HdrHistogram.Recorder;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A {@link Metrics} that hands everything to an inner one (the Prometheus registry) and also keeps the few figures
 * the console shows live for this node: the KV operations served so far, and the 99th percentile of the KV request
 * latency ({@value #KV_REQUEST}, every op) and of the log's fsync ({@value #FSYNC}) over the last few seconds.
 *
 * <p>Recording costs one HdrHistogram {@link Recorder} write (and a {@link LongAdder} add for KV requests) on top of
 * the inner histogram; the histograms are looked up once by their users, so nothing is allocated per event. The
 * window is cut into slices when the figures are read ({@link #figures()}, about once a second while the console is
 * open): a slice is dropped once it ended more than {@link #WINDOW_NANOS} ago, so when reads are further apart than
 * that the figures cover the samples since the previous read.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class RecentFigures implements Metrics {
    /** The KV server's request latency histogram (label op). */
    public static final String KV_REQUEST = "eraft_kv_request_seconds";
    /** The Raft log's fsync duration histogram. */
    public static final String FSYNC = "eraft_log_fsync_seconds";
    /** How far back the percentiles look. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Latencies above this are counted as this (60 s, in microseconds). */
    static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final int DIGITS = 2;

    private final Metrics inner;
    private final Shared shared;

    /** Figures of what is recorded through this and its {@link #withLabels} views, handing everything to inner. */
    public RecentFigures(Metrics inner) {
        this(inner, System::nanoTime);
    }

    /** As {@link #RecentFigures(Metrics)}, with the clock that places samples in the window. */
    RecentFigures(Metrics inner, LongSupplier nanoClock) {
        this(inner, new Shared(nanoClock));
    }

    private RecentFigures(Metrics inner, Shared shared) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.shared = shared;
    }

    /** The live figures of this node now (shared by every labelled view). */
    public Figures figures() {
        return shared.read();
    }

    /** {@code status} with this node's live figures. */
    public NodeStatus onto(NodeStatus status) {
        Figures f = figures();
        return status.withFigures(f.kvOps(), f.kvP99Micros(), f.fsyncP99Micros());
    }

    @Override
    public Counter counter(String name, String help, String... labels) {
        return inner.counter(name, help, labels);
    }

    @Override
    public Histogram histogram(String name, String help, String... labels) {
        Histogram h = inner.histogram(name, help, labels);
        return switch (name) {
            case KV_REQUEST -> new Recording(h, shared.kv, shared.kvOps);
            case FSYNC -> new Recording(h, shared.fsync, null);
            default -> h;
        };
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value, String... labels) {
        inner.gauge(name, help, value, labels);
    }

    @Override
    public Metrics withLabels(String... labels) {
        return new RecentFigures(inner.withLabels(labels), shared);
    }

    @Override
    public String toString() {
        return "RecentFigures(" + inner + ")";
    }

    /**
     * A node's live figures.
     *
     * @param kvOps          KV requests served since the node started (every op, errors included)
     * @param kvP99Micros    99th percentile of the KV request latency over the last few seconds, in microseconds;
     *                       0 when none was served
     * @param fsyncP99Micros 99th percentile of the log's fsync duration over the last few seconds, in microseconds;
     *                       0 when there was none
     */
    public record Figures(long kvOps, long kvP99Micros, long fsyncP99Micros) {
    }

    /** Records into the inner histogram and into the window's recorder (and counts, for KV requests). */
    private static final class Recording implements Histogram {
        private final Histogram inner;
        private final Recorder recorder;
        private final LongAdder count;

        Recording(Histogram inner, Recorder recorder, LongAdder count) {
            this.inner = inner;
            this.recorder = recorder;
            this.count = count;
        }

        @Override
        public void observe(double seconds) {
            inner.observe(seconds);
            record((long) (seconds * 1_000_000));
        }

        @Override
        public void observeNanos(long nanos) {
            inner.observeNanos(nanos);
            record(nanos / 1_000);
        }

        private void record(long micros) {
            recorder.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
            if (count != null) {
                count.increment();
            }
        }
    }

    /** What every labelled view shares: the recorders and their windows. */
    private static final class Shared {
        private final LongSupplier clock;
        private final Recorder kv = new Recorder(1, MAX_MICROS, DIGITS);
        private final Recorder fsync = new Recorder(1, MAX_MICROS, DIGITS);
        private final LongAdder kvOps = new LongAdder();
        private final Window kvWindow = new Window();
        private final Window fsyncWindow = new Window();

        Shared(LongSupplier clock) {
            this.clock = clock;
        }

        synchronized Figures read() {
            long now = clock.getAsLong();
            return new Figures(kvOps.sum(), kvWindow.p99(kv, now), fsyncWindow.p99(fsync, now));
        }
    }

    /** The slices of one recorder that ended within the window. Guarded by the owning {@link Shared}. */
    private static final class Window {
        private record Slice(long endNanos, org.HdrHistogram.Histogram samples) {
        }

        private final Deque<Slice> slices = new ArrayDeque<>();

        long p99(Recorder recorder, long now) {
            slices.addLast(new Slice(now, recorder.getIntervalHistogram()));
            while (now - slices.peekFirst().endNanos() > WINDOW_NANOS) {
                slices.removeFirst();
            }
            org.HdrHistogram.Histogram sum = new org.HdrHistogram.Histogram(1, MAX_MICROS, DIGITS);
            slices.forEach(s -> sum.add(s.samples()));
            return sum.getTotalCount() == 0 ? 0 : sum.getValueAtPercentile(99);
        }
    }
}

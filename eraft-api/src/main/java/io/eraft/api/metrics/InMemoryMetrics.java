package io.eraft.api.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Metrics kept in memory and read back by name and labels: for an application that embeds eRaft and reads its
 * figures itself, and for tests that check a counter moves when its event happens. Labels are matched as a set of
 * name=value pairs, whatever their order. Thread-safe.
 */
public final class InMemoryMetrics implements Metrics {
    private final Map<String, LongAdder> counters;
    private final Map<String, Observations> histograms;
    private final Map<String, DoubleSupplier> gauges;
    private final String[] base;

    /** Empty metrics. */
    public InMemoryMetrics() {
        this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new String[0]);
    }

    private InMemoryMetrics(Map<String, LongAdder> counters, Map<String, Observations> histograms,
                            Map<String, DoubleSupplier> gauges, String[] base) {
        this.counters = counters;
        this.histograms = histograms;
        this.gauges = gauges;
        this.base = base;
    }

    @Override
    public Counter counter(String name, String help, String... labels) {
        LongAdder adder = counters.computeIfAbsent(key(name, labels), k -> new LongAdder());
        return n -> {
            if (n < 0) {
                throw new IllegalArgumentException("counter " + name + " cannot go down by " + n);
            }
            adder.add(n);
        };
    }

    @Override
    public Histogram histogram(String name, String help, String... labels) {
        return histograms.computeIfAbsent(key(name, labels), k -> new Observations());
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value, String... labels) {
        gauges.put(key(name, labels), Objects.requireNonNull(value, "value"));
    }

    @Override
    public Metrics withLabels(String... labels) {
        checkPairs(labels);
        String[] joined = Arrays.copyOf(base, base.length + labels.length);
        System.arraycopy(labels, 0, joined, base.length, labels.length);
        return new InMemoryMetrics(counters, histograms, gauges, joined);
    }

    /** The count of the counter of this name and labels; 0 when nothing registered it. */
    public long counterValue(String name, String... labels) {
        LongAdder adder = counters.get(lookupKey(name, labels));
        return adder == null ? 0 : adder.sum();
    }

    /** How many values the histogram of this name and labels observed; 0 when nothing registered it. */
    public long histogramCount(String name, String... labels) {
        Observations o = histograms.get(lookupKey(name, labels));
        return o == null ? 0 : o.count.sum();
    }

    /** The sum of the values the histogram of this name and labels observed. */
    public double histogramSum(String name, String... labels) {
        Observations o = histograms.get(lookupKey(name, labels));
        return o == null ? 0 : o.sum.sum();
    }

    /** The gauge's value now, or NaN when nothing registered it. */
    public double gaugeValue(String name, String... labels) {
        DoubleSupplier s = gauges.get(lookupKey(name, labels));
        return s == null ? Double.NaN : s.getAsDouble();
    }

    /** Every registered metric's key ({@code name{label=value,...}}, labels sorted), for messages. */
    public List<String> names() {
        List<String> all = new ArrayList<>(counters.keySet());
        all.addAll(histograms.keySet());
        all.addAll(gauges.keySet());
        all.sort(null);
        return all;
    }

    private String key(String name, String[] labels) {
        checkPairs(labels);
        String[] all = Arrays.copyOf(base, base.length + labels.length);
        System.arraycopy(labels, 0, all, base.length, labels.length);
        return canonical(name, all);
    }

    private String lookupKey(String name, String[] labels) {
        checkPairs(labels);
        return canonical(name, labels);
    }

    private static String canonical(String name, String[] labels) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            pairs.add(labels[i] + "=" + labels[i + 1]);
        }
        pairs.sort(null);
        return name + "{" + String.join(",", pairs) + "}";
    }

    private static void checkPairs(String[] labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name, value pairs: " + Arrays.toString(labels));
        }
    }

    private static final class Observations implements Histogram {
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        @Override
        public void observe(double value) {
            count.increment();
            sum.add(value);
        }
    }
}

package io.eraft.dist.metrics;

import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * {@link Metrics} over a Prometheus {@link PrometheusRegistry} (the Prometheus Java client): what a server exports on
 * {@code /metrics}. Every metric name is one family whose label names are the view's labels ({@link #withLabels})
 * plus the call's, in name order; every family of one name must use the same label names and the same kind.
 * Histograms are classic (fixed buckets, no native histograms and no exemplars), with buckets chosen by the name's
 * unit suffix ({@link Buckets}). Gauges are collected from their suppliers when the registry is scraped. The JVM's
 * own metrics ({@code jvm_...}: memory, GC, threads, classes, ...) are registered too.
 *
 * <p>Registering the same name and labels twice returns the same series; a gauge's later supplier replaces the
 * earlier. A counter or histogram is a thin wrapper of the library's data point (adders, no lock, no allocation per
 * event). Thread-safe.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class PrometheusMetrics implements Metrics {
    private final Registry registry;
    /** Labels of this view: alternating names and values. */
    private final String[] base;

    private PrometheusMetrics(Registry registry, String[] base) {
        this.registry = registry;
        this.base = base;
    }

    /** New metrics with their own registry, holding the JVM metrics. */
    public static PrometheusMetrics create() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        return new PrometheusMetrics(new Registry(registry), new String[0]);
    }

    /** The registry the metrics are in: what {@code /metrics} scrapes. */
    public PrometheusRegistry registry() {
        return registry.prometheus;
    }

    @Override
    public Counter counter(String name, String help, String... labels) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name " + name + " does not end in _total");
        }
        Series series = series(name, labels);
        CounterFamily family = registry.family(name, Kind.COUNTER, series.names, help, CounterFamily.class);
        return family.series(series.values);
    }

    @Override
    public Histogram histogram(String name, String help, String... labels) {
        Series series = series(name, labels);
        HistogramFamily family = registry.family(name, Kind.HISTOGRAM, series.names, help, HistogramFamily.class);
        return family.series(series.values);
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value, String... labels) {
        Objects.requireNonNull(value, "value");
        Series series = series(name, labels);
        GaugeFamily family = registry.family(name, Kind.GAUGE, series.names, help, GaugeFamily.class);
        family.suppliers.put(List.of(series.values), value);
    }

    @Override
    public Metrics withLabels(String... labels) {
        checkPairs(labels);
        String[] joined = Arrays.copyOf(base, base.length + labels.length);
        System.arraycopy(labels, 0, joined, base.length, labels.length);
        series("withLabels", joined); // refuses a label given twice or a bad label name now, not at first use
        return new PrometheusMetrics(registry, joined);
    }

    @Override
    public String toString() {
        return "PrometheusMetrics" + Arrays.toString(base);
    }

    /** The label names (in name order) and values of a metric of this view registered with {@code labels}. */
    private Series series(String name, String[] labels) {
        checkPairs(labels);
        TreeMap<String, String> all = new TreeMap<>();
        put(all, name, base);
        put(all, name, labels);
        return new Series(all.keySet().toArray(String[]::new), all.values().toArray(String[]::new));
    }

    private static void put(Map<String, String> all, String name, String[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            String label = Objects.requireNonNull(pairs[i], "label name");
            String value = Objects.requireNonNull(pairs[i + 1], "value of label " + label);
            if (!PrometheusNaming.isValidLegacyLabelName(label) || label.startsWith("__")) {
                throw new IllegalArgumentException("bad label name '" + label + "' for " + name);
            }
            if (all.put(label, value) != null) {
                throw new IllegalArgumentException("label " + label + " given twice for " + name);
            }
        }
    }

    private static void checkPairs(String[] labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels are name/value pairs, got " + labels.length + " strings: "
                    + Arrays.toString(labels));
        }
    }

    private record Series(String[] names, String[] values) {
    }

    private enum Kind { COUNTER, HISTOGRAM, GAUGE }

    /** The families of one registry, by metric name; shared by every view. */
    private static final class Registry {
        final PrometheusRegistry prometheus;
        final Map<String, Family> families = new ConcurrentHashMap<>();

        Registry(PrometheusRegistry prometheus) {
            this.prometheus = prometheus;
        }

        <F extends Family> F family(String name, Kind kind, String[] labelNames, String help, Class<F> type) {
            if (!PrometheusNaming.isValidLegacyMetricName(name)) {
                throw new IllegalArgumentException("bad metric name '" + name + "'");
            }
            Family family = families.computeIfAbsent(name, n -> switch (kind) {
                case COUNTER -> new CounterFamily(prometheus, n, help, labelNames);
                case HISTOGRAM -> new HistogramFamily(prometheus, n, help, labelNames);
                case GAUGE -> new GaugeFamily(prometheus, n, help, labelNames);
            });
            if (family.kind != kind) {
                throw new IllegalArgumentException(name + " is a " + family.kind.name().toLowerCase() + ", not a "
                        + kind.name().toLowerCase());
            }
            if (!Arrays.equals(family.labelNames, labelNames)) {
                throw new IllegalArgumentException(name + " has labels " + Arrays.toString(family.labelNames)
                        + ", not " + Arrays.toString(labelNames));
            }
            return type.cast(family);
        }
    }

    private abstract static class Family {
        final Kind kind;
        final String[] labelNames;

        Family(Kind kind, String[] labelNames) {
            this.kind = kind;
            this.labelNames = labelNames;
        }
    }

    private static final class CounterFamily extends Family {
        private final io.prometheus.metrics.core.metrics.Counter counter;
        private final Map<List<String>, Counter> series = new ConcurrentHashMap<>();

        CounterFamily(PrometheusRegistry registry, String name, String help, String[] labelNames) {
            super(Kind.COUNTER, labelNames);
            counter = io.prometheus.metrics.core.metrics.Counter.builder().name(name).help(help)
                    .labelNames(labelNames).withoutExemplars().register(registry);
        }

        Counter series(String[] values) {
            return series.computeIfAbsent(List.of(values), v -> {
                var point = counter.labelValues(values);
                return n -> {
                    if (n < 0) {
                        throw new IllegalArgumentException("a counter cannot go down (by " + n + ")");
                    }
                    point.inc(n);
                };
            });
        }
    }

    private static final class HistogramFamily extends Family {
        private final io.prometheus.metrics.core.metrics.Histogram histogram;
        private final Map<List<String>, Histogram> series = new ConcurrentHashMap<>();

        HistogramFamily(PrometheusRegistry registry, String name, String help, String[] labelNames) {
            super(Kind.HISTOGRAM, labelNames);
            histogram = io.prometheus.metrics.core.metrics.Histogram.builder().name(name).help(help)
                    .labelNames(labelNames).classicOnly().classicUpperBounds(Buckets.forName(name))
                    .withoutExemplars().register(registry);
        }

        Histogram series(String[] values) {
            return series.computeIfAbsent(List.of(values), v -> histogram.labelValues(values)::observe);
        }
    }

    private static final class GaugeFamily extends Family {
        /** Every registered series: its label values (in label name order) and the supplier of its value. */
        final Map<List<String>, DoubleSupplier> suppliers = new ConcurrentHashMap<>();

        GaugeFamily(PrometheusRegistry registry, String name, String help, String[] labelNames) {
            super(Kind.GAUGE, labelNames);
            GaugeWithCallback.builder().name(name).help(help).labelNames(labelNames)
                    .callback(callback -> suppliers.forEach((values, supplier) -> {
                        double value;
                        try {
                            value = supplier.getAsDouble();
                        } catch (RuntimeException e) {
                            return; // a series that cannot say its value now is left out of this scrape
                        }
                        callback.call(value, values.toArray(String[]::new));
                    }))
                    .register(registry);
        }
    }
}

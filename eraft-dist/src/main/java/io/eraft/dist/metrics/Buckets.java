package io.eraft.dist.metrics;

/**
 * The upper bounds of a histogram's buckets, by the unit its name ends in ({@link io.eraft.api.metrics.Histogram}):
 * {@code _seconds} from 50 µs to 10 s (a local fsync to a slow snapshot), {@code _bytes} from 64 B to 64 MiB in
 * powers of 4, anything else a count from 1 to 4096 in powers of 2 (entries per fsync, commands per batch).
 */
final class Buckets {
    static final double[] SECONDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};
    static final double[] BYTES = powers(64, 4, 11);
    static final double[] COUNT = powers(1, 2, 13);

    private Buckets() {
    }

    /** The bucket bounds of a histogram named {@code name}. */
    static double[] forName(String name) {
        if (name.endsWith("_seconds")) {
            return SECONDS.clone();
        }
        return name.endsWith("_bytes") ? BYTES.clone() : COUNT.clone();
    }

    private static double[] powers(double first, double factor, int count) {
        double[] out = new double[count];
        double b = first;
        for (int i = 0; i < count; i++) {
            out[i] = b;
            b *= factor;
        }
        return out;
    }
}

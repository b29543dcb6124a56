package io.eraft.dist.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints a running load as one line per second ({@code [  7s] 1,234 ops/s, 0 errors/s, p99 12.30 ms}) from the
 * shorter windows a {@link LoadTicker} reads.
 */
final class LoadLines implements Consumer<LoadWindow> {
    private static final long SECOND = 1_000_000_000L;

    private final PrintWriter out;
    private final long origin;
    private final List<LoadWindow> pending = new ArrayList<>();

    /** @param origin the {@link System#nanoTime()} the printed seconds count from */
    LoadLines(PrintWriter out, long origin) {
        this.out = out;
        this.origin = origin;
    }

    @Override
    public void accept(LoadWindow w) {
        pending.add(w);
        if (w.endNanos() - pending.get(0).startNanos() < SECOND - SECOND / 20) {
            return;
        }
        LoadWindow second = LoadWindow.merge(pending);
        pending.clear();
        synchronized (out) {
            out.println(format(second, origin));
            out.flush();
        }
    }

    /** {@code [  7s] 1,234 ops/s, 0 errors/s, p99 12.30 ms}, seconds counted from {@code origin}. */
    static String format(LoadWindow w, long origin) {
        return String.format(Locale.ROOT, "[%4.0fs] %,7.0f ops/s, %,.0f errors/s, p99 %.2f ms",
                (w.endNanos() - origin) / 1e9, w.opsPerSecond(), w.errorsPerSecond(), w.latencyMillis(99));
    }
}

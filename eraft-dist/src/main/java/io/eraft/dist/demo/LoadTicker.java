package io.eraft.dist.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads a {@link ShardLoad}'s window at a fixed period on its own thread and keeps every window, so phases can be
 * cut out of the run afterwards by time ({@link #windowsBetween}) while the caller blocks on other work (a Join,
 * waiting for a migration). Each window also goes to a listener (e.g. to print a line per second).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class LoadTicker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadTicker.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final ShardLoad load;
    private final Consumer<LoadWindow> listener;
    private final List<LoadWindow> windows = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shard-load-ticker");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts ticking every {@code period}.
     *
     * @param listener runs on the ticker's thread after each window; must not block for long
     */
    public LoadTicker(ShardLoad load, Duration period, Consumer<LoadWindow> listener) {
        this.load = Objects.requireNonNull(load, "load");
        this.listener = Objects.requireNonNull(listener, "listener");
        long nanos = period.toNanos();
        if (nanos <= 0) {
            throw new IllegalArgumentException("the tick period must be positive, was " + period);
        }
        timer.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Reads a window; a failing listener must not stop the ticking (the windows are the measurement). */
    private void tick() {
        LoadWindow w = load.window();
        synchronized (windows) {
            windows.add(w);
        }
        try {
            listener.accept(w);
        } catch (RuntimeException e) {
            LOG.warn("the load's window listener failed; the load keeps being measured", e);
        }
    }

    /** The windows that started at or after {@code fromNanos} and before {@code toNanos} ({@link System#nanoTime}). */
    public List<LoadWindow> windowsBetween(long fromNanos, long toNanos) {
        synchronized (windows) {
            return windows.stream().filter(w -> w.startNanos() - fromNanos >= 0 && w.startNanos() - toNanos < 0)
                    .toList();
        }
    }

    /**
     * Waits until the windows cover the time up to {@code nanos} ({@link System#nanoTime}), so every window that
     * started before it has ended: normally at most one period; gives up after {@link #MAX_WAIT}.
     */
    public void awaitWindowsUntil(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (!timer.isShutdown() && System.nanoTime() - deadline < 0) {
            synchronized (windows) {
                if (!windows.isEmpty() && windows.get(windows.size() - 1).endNanos() - nanos >= 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
    }

    /** Stops ticking (the windows read so far stay). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

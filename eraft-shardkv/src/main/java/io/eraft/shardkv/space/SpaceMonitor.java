package io.eraft.shardkv.space;

import io.eraft.api.spi.support.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A server's space quota and NOSPACE alarm, as etcd's: on a timer of its own (every
 * {@link SpaceSettings#checkInterval()}, never per request) it measures the free space of the data directory's file
 * system and the store's size, and raises the alarm while free space is under {@link SpaceSettings#minFreeBytes()} or
 * the store is over {@link SpaceSettings#quotaBytes()}. While it is raised the server refuses puts, appends and
 * compare-and-sets (NO_SPACE, nothing proposed), so the disk does not fill; reads and deletes are served, and deletes
 * and compaction can bring space back. The alarm clears by itself at the first check that finds space back.
 *
 * <p>Each replica measures its own disk and refuses the writes it would propose as leader; the leader's alarm is the
 * one clients meet. Entries already in the log still apply. Raising and clearing are logged once each; a measurement
 * that fails keeps the last state and is logged at a limited rate. Thread-safe: {@link #alarm()} is a volatile read.
 */
public final class SpaceMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceMonitor.class);

    private final String name;
    private final SpaceSettings settings;
    private final FreeSpace freeSpace;
    private final LongSupplier storeBytes;
    private final LogLimiter probeFailures = LogLimiter.forRefusals();
    private final Object checking = new Object();
    private volatile SpaceAlarm alarm = SpaceAlarm.UNMEASURED;
    private ScheduledExecutorService timer; // guarded by this

    /**
     * A monitor, not yet started.
     *
     * @param name       names the server in log lines and the timer thread
     * @param freeSpace  the data directory's free space
     * @param storeBytes the store's size ({@link io.eraft.api.store.StateMachineStore#approximateSize()})
     */
    public SpaceMonitor(String name, SpaceSettings settings, FreeSpace freeSpace, LongSupplier storeBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.freeSpace = Objects.requireNonNull(freeSpace, "freeSpace");
        this.storeBytes = Objects.requireNonNull(storeBytes, "storeBytes");
    }

    /** Measures once now (so the alarm is right from the first request) and then on the timer. */
    public synchronized void start() {
        if (timer != null) {
            throw new IllegalStateException(name + ": the space monitor is already started");
        }
        check();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "space-monitor-" + name);
            t.setDaemon(true);
            return t;
        });
        long every = settings.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** The state as last measured. */
    public SpaceAlarm alarm() {
        return alarm;
    }

    /** Whether writes that add data are refused now. */
    public boolean raised() {
        return alarm.raised();
    }

    public SpaceSettings settings() {
        return settings;
    }

    /** Measures now and updates the alarm; returns the new state. */
    public SpaceAlarm check() {
        synchronized (checking) {
            long store = storeBytes.getAsLong();
            long free;
            try {
                free = freeSpace.usableBytes();
            } catch (IOException | RuntimeException e) {
                LogLimiter.Permit p = probeFailures.tryAcquire();
                if (p.allowed()) {
                    LOG.warn("{}: cannot measure free space ({}); the space alarm stays {}{}", name, e,
                            alarm.raised() ? "raised" : "clear", p.suppressedNote());
                }
                SpaceAlarm last = alarm;
                alarm = new SpaceAlarm(last.raised(), last.reason(), -1, store);
                return alarm;
            }
            String reason = reason(free, store);
            SpaceAlarm next = new SpaceAlarm(reason != null, reason, free, store);
            SpaceAlarm previous = alarm;
            alarm = next;
            if (next.raised() && !previous.raised()) {
                LOG.warn("{}: space alarm raised: {}; refusing puts, appends and compare-and-sets (NO_SPACE) until "
                        + "space is back; reads and deletes are still served", name, reason);
            } else if (!next.raised() && previous.raised()) {
                LOG.info("{}: space alarm cleared: {} bytes free, store {} bytes ({}); writes are accepted again",
                        name, free, store, settings);
            }
            return next;
        }
    }

    /** Why the alarm must be raised for these measurements, or null when it must not. */
    private String reason(long free, long store) {
        if (settings.minFreeBytes() > 0 && free < settings.minFreeBytes()) {
            return "only " + free + " bytes are free on the data directory's file system, under "
                    + SpaceSettings.MIN_FREE + "=" + settings.minFreeBytes();
        }
        if (settings.quotaBytes() > 0 && store > settings.quotaBytes()) {
            return "the store holds " + store + " bytes, over " + SpaceSettings.QUOTA + "=" + settings.quotaBytes();
        }
        return null;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LogLimiter.Permit p = probeFailures.tryAcquire();
            if (p.allowed()) {
                LOG.warn("{}: space check failed: {}{}", name, e, p.suppressedNote());
            }
        }
    }

    /** Stops the timer. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "SpaceMonitor[" + name + ", " + settings + ", " + alarm + "]";
    }
}

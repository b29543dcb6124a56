package io.eraft.shardkv.space;

import io.eraft.api.store.StoreOption;
import io.eraft.api.store.StoreOptionsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When a server raises its space alarm (see {@link SpaceMonitor}): while its data directory's file system has less
 * than {@code minFreeBytes} free, or its state machine store is larger than {@code quotaBytes}. Settings, as a server
 * reads them from its options ({@link #fromOptions}; sizes take the suffixes k, m, g):
 * <ul>
 *   <li>{@value #MIN_FREE} (default 256m): the least free space left before writes are refused; 0 turns the free
 *   space check off;</li>
 *   <li>{@value #QUOTA} (default 8g): the largest the store may grow before writes are refused; 0 turns the quota
 *   off;</li>
 *   <li>{@value #CHECK_INTERVAL_MS} (default 1000): how often both are measured, in milliseconds. The check runs on
 *   a timer, never per request.</li>
 * </ul>
 *
 * @param minFreeBytes  free bytes below which the alarm is raised (0: not checked)
 * @param quotaBytes    store bytes above which the alarm is raised (0: no quota)
 * @param checkInterval time between two measurements
 */
public record SpaceSettings(long minFreeBytes, long quotaBytes, Duration checkInterval) {
    /** The option naming the least free space, e.g. {@code space.min-free=256m}. */
    public static final String MIN_FREE = "space.min-free";
    /** The option naming the store quota, e.g. {@code space.quota=8g}. */
    public static final String QUOTA = "space.quota";
    /** The option naming the check interval in milliseconds. */
    public static final String CHECK_INTERVAL_MS = "space.check-interval-ms";

    /** 256 MiB of free space, an 8 GiB store quota, checked every second. */
    public static final SpaceSettings DEFAULT = new SpaceSettings(256L << 20, 8L << 30, Duration.ofSeconds(1));
    /** Never raises the alarm (still measures, for status). */
    public static final SpaceSettings DISABLED = new SpaceSettings(0, 0, Duration.ofSeconds(1));

    private static final StoreOption<Long> MIN_FREE_OPTION = StoreOption.size(MIN_FREE, DEFAULT.minFreeBytes, 0,
            Long.MAX_VALUE, "free space below which the server refuses writes that add data (0: off)");
    private static final StoreOption<Long> QUOTA_OPTION = StoreOption.size(QUOTA, DEFAULT.quotaBytes, 0,
            Long.MAX_VALUE, "store size above which the server refuses writes that add data (0: no quota)");
    private static final StoreOption<Integer> INTERVAL_OPTION = StoreOption.integer(CHECK_INTERVAL_MS,
            (int) DEFAULT.checkInterval.toMillis(), 1, 3_600_000, "milliseconds between two space checks");

    public SpaceSettings {
        if (minFreeBytes < 0 || quotaBytes < 0) {
            throw new IllegalArgumentException("space settings must be >= 0: " + MIN_FREE + "=" + minFreeBytes
                    + ", " + QUOTA + "=" + quotaBytes);
        }
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException(CHECK_INTERVAL_MS + " must be positive: " + checkInterval);
        }
    }

    /** The options this class reads, with their defaults and descriptions (for help texts). */
    public static List<StoreOption<?>> options() {
        return List.of(MIN_FREE_OPTION, QUOTA_OPTION, INTERVAL_OPTION);
    }

    /**
     * The settings named in {@code options} ({@value #MIN_FREE}, {@value #QUOTA}, {@value #CHECK_INTERVAL_MS});
     * defaults for those absent. Other keys are ignored.
     *
     * @throws StoreOptionsException naming the setting and the text when a value cannot be parsed or is negative
     */
    public static SpaceSettings fromOptions(Map<String, String> options) {
        long minFree = value(options, MIN_FREE_OPTION);
        long quota = value(options, QUOTA_OPTION);
        int interval = value(options, INTERVAL_OPTION);
        return new SpaceSettings(minFree, quota, Duration.ofMillis(interval));
    }

    private static <T> T value(Map<String, String> options, StoreOption<T> option) {
        String text = options.get(option.name());
        return text == null ? option.defaultValue() : option.parse("server", text);
    }

    public SpaceSettings withCheckInterval(Duration interval) {
        return new SpaceSettings(minFreeBytes, quotaBytes, interval);
    }

    @Override
    public String toString() {
        return MIN_FREE + "=" + (minFreeBytes == 0 ? "off" : minFreeBytes) + ", " + QUOTA + "="
                + (quotaBytes == 0 ? "off" : quotaBytes) + ", every " + checkInterval.toMillis() + " ms";
    }
}

package io.eraft.dist.client;

import java.time.Duration;

/**
 * Formats durations for people: {@code 500 ms}, {@code 2 s}, {@code 1.5 s}.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}

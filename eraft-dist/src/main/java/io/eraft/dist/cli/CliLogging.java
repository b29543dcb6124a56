package io.eraft.dist.cli;

/**
 * Sets the SLF4J binding's defaults (slf4j-simple, chosen in eraft-dist only) before the first logger is made.
 * Explicit {@code -Dorg.slf4j.simpleLogger.*} settings win.
 */
final class CliLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private CliLogging() {
    }

    /** Servers log at info, with timestamps, to stderr. */
    static void forServer() {
        setIfAbsent("defaultLogLevel", "info");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    }

    /** Client commands print their results on stdout; only warnings and errors are logged, to stderr. */
    static void forClient() {
        setIfAbsent("defaultLogLevel", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}

package io.eraft.api.settings;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them: a whole number with an optional unit, powers of 1024. Units (any case):
 * {@code B}; {@code k}, {@code KB}, {@code KiB}; {@code m}, {@code MB}, {@code MiB}; {@code g}, {@code GB},
 * {@code GiB}; {@code t}, {@code TB}, {@code TiB}. So {@code 4096}, {@code 4KiB}, {@code 4k} and {@code 4kb} are the
 * same size.
 */
public final class Sizes {
    private static final Pattern FORM = Pattern.compile("(-?\\d{1,19})\\s*(?:([kmgt])(?:i?b)?|b)?");

    private Sizes() {
    }

    /**
     * The bytes {@code text} names.
     *
     * @throws IllegalArgumentException for text that is not a size, or a size beyond {@link Long#MAX_VALUE}
     */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write bytes with an optional unit, "
                    + "e.g. 4096, 4KiB, 64MiB or 1g");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 40;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }

    /** {@code bytes} in the largest unit that divides it: {@code 64MiB}, {@code 1536KiB}, {@code 1000}. */
    public static String format(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes == 0 || bytes % 1024 != 0) {
            return Long.toString(bytes);
        }
        long v = bytes;
        int unit = -1;
        while (v % 1024 == 0 && unit < units.length - 1 && v != 0) {
            v /= 1024;
            unit++;
        }
        return v + units[unit];
    }
}

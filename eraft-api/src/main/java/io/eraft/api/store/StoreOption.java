package io.eraft.api.store;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed option of a store provider.
 *
 * @param name         the key, e.g. {@code block-cache-size}
 * @param type         the Java type of a parsed value
 * @param defaultValue the value used when the option is not given
 * @param description  one line for users: meaning, unit and range
 * @param parser       text to value; throws {@link IllegalArgumentException} for malformed text
 * @param valid        whether a parsed value is in range
 */
public record StoreOption<T>(String name, Class<T> type, T defaultValue, String description,
                             Function<String, T> parser, Predicate<T> valid) {

    public StoreOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(valid, "valid");
    }

    /**
     * Parses and validates {@code text}.
     *
     * @throws StoreOptionsException naming the option, the text and the accepted range
     */
    public T parse(String provider, String text) {
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new StoreOptionsException(provider + " option '" + name + "': cannot parse '" + text + "' as "
                    + type.getSimpleName() + " (" + description + ")");
        }
        if (!valid.test(value)) {
            throw new StoreOptionsException(provider + " option '" + name + "': value '" + text
                    + "' is out of range (" + description + ")");
        }
        return value;
    }

    /** A long option; sizes accept the suffixes k, m, g (powers of 1024). */
    public static StoreOption<Long> size(String name, long defaultValue, long min, long max, String description) {
        return new StoreOption<>(name, Long.class, defaultValue, description + " [" + min + ".." + max + "]",
                StoreOption::parseSize, v -> v >= min && v <= max);
    }

    public static StoreOption<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new StoreOption<>(name, Integer.class, defaultValue, description + " [" + min + ".." + max + "]",
                Integer::parseInt, v -> v >= min && v <= max);
    }

    public static StoreOption<Boolean> bool(String name, boolean defaultValue, String description) {
        return new StoreOption<>(name, Boolean.class, defaultValue, description + " [true|false]",
                StoreOption::parseBoolean, v -> true);
    }

    public static <E extends Enum<E>> StoreOption<E> choice(String name, Class<E> type, E defaultValue,
                                                            String description) {
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : "|").append(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        return new StoreOption<>(name, type, defaultValue, description + " [" + names + "]",
                s -> Enum.valueOf(type, s.toUpperCase(java.util.Locale.ROOT).replace('-', '_')), v -> true);
    }

    static boolean parseBoolean(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw new IllegalArgumentException(s);
        }
    }

    static long parseSize(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(t), mult);
    }
}

package io.eraft.api.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One typed setting: its key, the type of its value, its default, the values it allows and what it means. Made by
 * the factories ({@link #size}, {@link #duration}, {@link #integer}, {@link #longValue}, {@link #decimal},
 * {@link #bool}, {@link #choice}, {@link #text}); read from text with {@link #parse(String)}.
 *
 * @param key          the dotted key, e.g. {@code raft.tick} or, inside a provider, {@code map-size}
 * @param type         the Java type of a value
 * @param kind         the kind of value, as help texts name it: {@code size}, {@code duration}, {@code int},
 *                     {@code long}, {@code decimal}, {@code boolean}, {@code choice}, {@code text}
 * @param defaultValue the value when the setting is not given
 * @param allowed      the values allowed, as users read them: {@code 1KiB..40MiB}, {@code true|false}
 * @param description  one line: what it does
 * @param parser       text to value; throws {@link IllegalArgumentException} for malformed text
 * @param inRange      whether a parsed value is allowed
 * @param formatter    value to text, in the form {@code parser} reads
 * @param <T>          the type of a value
 */
public record Setting<T>(String key, Class<T> type, String kind, T defaultValue, String allowed, String description,
                         Function<String, T> parser, Predicate<T> inRange, Function<T, String> formatter) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(inRange, "inRange");
        Objects.requireNonNull(formatter, "formatter");
        if (key.isBlank() || !key.equals(key.strip())) {
            throw new IllegalArgumentException("a setting's key must be non-blank without surrounding spaces: '"
                    + key + "'");
        }
    }

    /**
     * Reads {@code text} as this setting's value.
     *
     * @throws InvalidSettingException naming the key, the text and the allowed values, when the text cannot be read
     *                                 or the value is not allowed
     */
    public T parse(String text) {
        Objects.requireNonNull(text, "text");
        T value;
        try {
            value = parser.apply(text.strip());
        } catch (RuntimeException e) {
            throw new InvalidSettingException(key, text, allowed, "cannot read it as " + ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind, e);
        }
        if (!inRange.test(value)) {
            throw new InvalidSettingException(key, text, allowed, "out of range", null);
        }
        return value;
    }

    /** The default as text, in the form {@link #parse} reads ({@code 64MiB}, {@code 10ms}). */
    public String defaultText() {
        return format(defaultValue);
    }

    /** {@code value} as text, in the form {@link #parse} reads. */
    public String format(T value) {
        return formatter.apply(value);
    }

    /** This setting under {@code prefix + key}, e.g. a store's {@code map-size} as {@code store.map-size}. */
    public Setting<T> withPrefix(String prefix) {
        return new Setting<>(prefix + key, type, kind, defaultValue, allowed, description, parser, inRange, formatter);
    }

    /** A size in bytes ({@link Sizes}), in [min, max]; a max of {@code Long.MAX_VALUE / 2} or more shows as none. */
    public static Setting<Long> size(String key, long defaultValue, long min, long max, String description) {
        String range = max >= Long.MAX_VALUE / 2 ? Sizes.format(min) + " or more" : Sizes.format(min) + ".."
                + Sizes.format(max);
        return new Setting<>(key, Long.class, "size", defaultValue, range + " bytes (e.g. 4KiB, 64MiB)", description, Sizes::parse, v -> v >= min && v <= max, Sizes::format);
    }

    /** A duration ({@link Durations}), in [min, max]. */
    public static Setting<Duration> duration(String key, Duration defaultValue, Duration min, Duration max,
                                             String description) {
        return new Setting<>(key, Duration.class, "duration", defaultValue, Durations.format(min) + ".." + Durations.format(max)
                + " (e.g. 150ms, 2s)", description, Durations::parse,
                d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0, Durations::format);
    }

    /** A whole number in [min, max]. */
    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, Integer.class, "int", defaultValue, min + ".." + max, description, Integer::valueOf,
                v -> v >= min && v <= max, String::valueOf);
    }

    /** A whole number in [min, max], as a long. */
    public static Setting<Long> longValue(String key, long defaultValue, long min, long max, String description) {
        return new Setting<>(key, Long.class, "long", defaultValue, min + ".." + max, description, Long::valueOf,
                v -> v >= min && v <= max, String::valueOf);
    }

    /** A decimal number in [min, max]. */
    public static Setting<Double> decimal(String key, double defaultValue, double min, double max,
                                          String description) {
        return new Setting<>(key, Double.class, "decimal", defaultValue, min + ".." + max, description, Double::valueOf,
                v -> v >= min && v <= max, String::valueOf);
    }

    /** {@code true} or {@code false} (any case; nothing else). */
    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.class, "boolean", defaultValue, "true|false", description, Setting::parseBoolean,
                v -> true, String::valueOf);
    }

    /** One of the constants of {@code type}, written in lower case ({@code no_sync} also as {@code no-sync}). */
    public static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type, E defaultValue,
                                                        String description) {
        String names = Arrays.stream(type.getEnumConstants()).map(Setting::enumText).collect(Collectors.joining("|"));
        return new Setting<>(key, type, "choice", defaultValue, names, description,
                s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_')), v -> true, Setting::enumText);
    }

    /**
     * Free text, such as a file name; an empty default means "not set". {@code allowed} says what it may be (for
     * example "a readable PEM file").
     */
    public static Setting<String> text(String key, String defaultValue, String allowed, String description) {
        return new Setting<>(key, String.class, "text", defaultValue, allowed, description, s -> s, v -> true, s -> s);
    }

    private static String enumText(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Boolean parseBoolean(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false: " + s);
        };
    }
}

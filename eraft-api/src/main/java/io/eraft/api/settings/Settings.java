package io.eraft.api.settings;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Values of a set of declared {@link Setting}s: each one given, or its default. Immutable; made by {@link #parse} or
 * {@link #defaults}.
 */
public final class Settings {
    private final Map<String, Setting<?>> declared;
    private final List<Setting<?>> order;
    private final Map<String, Object> values;
    private final Map<String, String> given;

    private Settings(Map<String, Setting<?>> declared, Map<String, Object> values, Map<String, String> given) {
        this.declared = Map.copyOf(declared);
        this.order = List.copyOf(declared.values());
        this.values = Map.copyOf(values);
        this.given = Map.copyOf(given);
    }

    /** Every declared setting at its default. */
    public static Settings defaults(Collection<Setting<?>> declared) {
        return parse(declared, Map.of());
    }

    /**
     * Checks {@code given} (key to text) against {@code declared} and reads each value.
     *
     * @throws UnknownSettingException  for a key not declared, naming the nearest declared key
     * @throws InvalidSettingException  for a value that cannot be read or is out of range, naming the allowed values
     * @throws IllegalArgumentException when two declared settings share a key
     */
    public static Settings parse(Collection<Setting<?>> declared, Map<String, String> given) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        Map<String, Object> values = new HashMap<>();
        for (Setting<?> s : declared) {
            if (byKey.put(s.key(), s) != null) {
                throw new IllegalArgumentException("setting '" + s.key() + "' is declared twice");
            }
            values.put(s.key(), s.defaultValue());
        }
        for (String key : new TreeMap<>(given).keySet()) {
            Setting<?> s = byKey.get(key);
            if (s == null) {
                throw new UnknownSettingException(key, NearestKey.of(key, byKey.keySet()),
                        byKey.keySet().stream().sorted().toList());
            }
            values.put(key, s.parse(Objects.requireNonNull(given.get(key), key)));
        }
        return new Settings(byKey, values, given);
    }

    /**
     * The value of {@code setting}: the one given, or its default.
     *
     * @throws IllegalArgumentException when {@code setting} is not one of the declared settings
     */
    public <T> T get(Setting<T> setting) {
        if (!declared.containsKey(setting.key())) {
            throw new IllegalArgumentException("setting '" + setting.key() + "' is not declared here; declared: "
                    + new TreeMap<>(declared).keySet());
        }
        return setting.type().cast(values.get(setting.key()));
    }

    /** Whether {@code setting} was given rather than left at its default. */
    public boolean isGiven(Setting<?> setting) {
        return given.containsKey(setting.key());
    }

    /** The settings declared, in declaration order. */
    public List<Setting<?>> declared() {
        return order;
    }

    /** Key to value text, sorted by key. */
    @Override
    public String toString() {
        Map<String, String> out = new TreeMap<>();
        declared.forEach((k, s) -> out.put(k, format(s)));
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private <T> String format(Setting<T> s) {
        return s.format((T) values.get(s.key()));
    }
}

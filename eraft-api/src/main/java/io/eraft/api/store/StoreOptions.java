package io.eraft.api.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Parsed, validated options of one provider: each option's value, or its default. */
public final class StoreOptions {
    private final Map<String, Object> values;

    private StoreOptions(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Checks {@code given} against {@code specs}.
     *
     * @throws StoreOptionsException for an unknown name (the message lists the known ones) or a bad value
     */
    public static StoreOptions parse(String provider, List<StoreOption<?>> specs, Map<String, String> given) {
        Map<String, StoreOption<?>> byName = specs.stream()
                .collect(Collectors.toMap(StoreOption::name, o -> o));
        Map<String, Object> values = new HashMap<>();
        for (StoreOption<?> spec : specs) {
            values.put(spec.name(), spec.defaultValue());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            StoreOption<?> spec = byName.get(e.getKey());
            if (spec == null) {
                throw new StoreOptionsException("unknown " + provider + " option '" + e.getKey() + "'; known options: "
                        + specs.stream().map(StoreOption::name).sorted().collect(Collectors.joining(", ")));
            }
            values.put(spec.name(), spec.parse(provider, e.getValue()));
        }
        return new StoreOptions(values);
    }

    public <T> T get(StoreOption<T> option) {
        return option.type().cast(values.get(option.name()));
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(values).toString();
    }
}

package io.eraft.api.store;

import io.eraft.api.settings.Setting;
import io.eraft.api.settings.SettingException;
import io.eraft.api.settings.Settings;

import java.util.List;
import java.util.Map;

/**
 * Reads a store provider's options as {@link Settings}, reporting a refusal as {@link StoreOptionsException} (with
 * the {@link SettingException} that names the key and the allowed values as its cause).
 */
public final class StoreOptions {
    private final Settings settings;

    private StoreOptions(Settings settings) {
        this.settings = settings;
    }

    /**
     * Checks {@code given} against the settings {@code declared} by provider {@code provider}.
     *
     * @throws StoreOptionsException for an unknown key (naming the nearest known one) or a bad value
     */
    public static Settings read(String provider, List<Setting<?>> declared, Map<String, String> given) {
        try {
            return Settings.parse(declared, given);
        } catch (SettingException e) {
            throw new StoreOptionsException("store '" + provider + "': " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #read}, for providers that declare {@link StoreOption}s.
     *
     * @deprecated declare {@link Setting}s and use {@link #read}
     */
    @Deprecated
    public static StoreOptions parse(String provider, List<StoreOption<?>> specs, Map<String, String> given) {
        return new StoreOptions(read(provider, specs.stream().<Setting<?>>map(StoreOption::setting).toList(), given));
    }

    /** The value of {@code option}: given, or its default. */
    @Deprecated
    public <T> T get(StoreOption<T> option) {
        return settings.get(option.setting());
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}

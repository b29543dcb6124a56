package io.eraft.api.store;

import io.eraft.api.settings.Setting;
import io.eraft.api.settings.SettingException;

import java.util.Objects;

/**
 * One typed option of a store provider: a thin alias of a {@link Setting}, kept for providers written against
 * {@link StoreProvider#options()}. New code declares {@link Setting}s and overrides {@link StoreProvider#settings()}.
 *
 * @param setting the setting this option is
 * @param <T>     the type of a value
 * @deprecated use {@link Setting}
 */
@Deprecated
public record StoreOption<T>(Setting<T> setting) {

    public StoreOption {
        Objects.requireNonNull(setting, "setting");
    }

    /** The option's key, e.g. {@code block-cache-size}. */
    public String name() {
        return setting.key();
    }

    public Class<T> type() {
        return setting.type();
    }

    public T defaultValue() {
        return setting.defaultValue();
    }

    /** The description with the allowed values, e.g. {@code "... [1KiB..4MiB bytes]"}. */
    public String description() {
        return setting.description() + " [" + setting.allowed() + "]";
    }

    /**
     * Parses and validates {@code text}.
     *
     * @throws StoreOptionsException naming the provider, the option, the text and the allowed values
     */
    public T parse(String provider, String text) {
        try {
            return setting.parse(text);
        } catch (SettingException e) {
            throw new StoreOptionsException(provider + ": " + e.getMessage(), e);
        }
    }

    /** A size in bytes (see {@link io.eraft.api.settings.Sizes}). */
    public static StoreOption<Long> size(String name, long defaultValue, long min, long max, String description) {
        return new StoreOption<>(Setting.size(name, defaultValue, min, max, description));
    }

    public static StoreOption<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new StoreOption<>(Setting.integer(name, defaultValue, min, max, description));
    }

    public static StoreOption<Boolean> bool(String name, boolean defaultValue, String description) {
        return new StoreOption<>(Setting.bool(name, defaultValue, description));
    }

    public static <E extends Enum<E>> StoreOption<E> choice(String name, Class<E> type, E defaultValue,
                                                            String description) {
        return new StoreOption<>(Setting.choice(name, type, defaultValue, description));
    }
}

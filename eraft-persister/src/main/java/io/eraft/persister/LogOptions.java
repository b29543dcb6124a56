package io.eraft.persister;

import io.eraft.api.log.LogStoreException;
import io.eraft.api.settings.Setting;
import io.eraft.api.settings.SettingException;
import io.eraft.api.settings.Settings;

import java.util.List;
import java.util.Map;

/** Reads a log provider's options as {@link Settings}, reporting a refusal as {@link LogStoreException}. */
final class LogOptions {
    private LogOptions() {
    }

    /**
     * @throws LogStoreException for an unknown key (naming the nearest known one) or a bad value (naming the allowed
     *                           values), with the {@link SettingException} as its cause
     */
    static Settings parse(String provider, List<Setting<?>> declared, Map<String, String> given) {
        try {
            return Settings.parse(declared, given == null ? Map.of() : given);
        } catch (SettingException e) {
            throw new LogStoreException(provider + " log store: " + e.getMessage(), e);
        }
    }
}

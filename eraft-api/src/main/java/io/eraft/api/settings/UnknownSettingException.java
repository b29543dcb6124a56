package io.eraft.api.settings;

import java.util.List;
import java.util.Optional;

/** A key that no component declared; the message names the nearest known key when one is close. */
public final class UnknownSettingException extends SettingException {
    private static final long serialVersionUID = 1L;

    private final String suggestion;
    private final List<String> known;

    /**
     * @param key        the key given
     * @param suggestion the nearest known key, or null when none is close
     * @param known      every known key, sorted
     */
    public UnknownSettingException(String key, String suggestion, List<String> known) {
        super(key, "unknown setting '" + key + "'" + (suggestion == null ? "." : "; did you mean '" + suggestion
                + "'?") + " Known settings: " + String.join(", ", known), null);
        this.suggestion = suggestion;
        this.known = List.copyOf(known);
    }

    /** The nearest known key, if one is close to the key given. */
    public Optional<String> suggestion() {
        return Optional.ofNullable(suggestion);
    }

    /** Every known key, sorted. */
    public List<String> known() {
        return known;
    }
}

package io.eraft.api.settings;

import io.eraft.api.EraftException;

/** A setting refused: an unknown key ({@link UnknownSettingException}) or a bad value ({@link InvalidSettingException}). */
public abstract class SettingException extends EraftException {
    private static final long serialVersionUID = 1L;

    private final String key;

    SettingException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The key refused. */
    public String key() {
        return key;
    }
}

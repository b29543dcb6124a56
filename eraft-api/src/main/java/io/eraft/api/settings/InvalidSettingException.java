package io.eraft.api.settings;

/** A value that cannot be read as its setting's type, or is not among the values it allows. */
public final class InvalidSettingException extends SettingException {
    private static final long serialVersionUID = 1L;

    private final String value;
    private final String allowed;

    /**
     * @param key     the setting's key
     * @param value   the text given
     * @param allowed the values the setting allows
     * @param reason  what is wrong, e.g. "out of range"
     * @param cause   the parse failure, or null
     */
    public InvalidSettingException(String key, String value, String allowed, String reason, Throwable cause) {
        super(key, "bad value '" + value + "' for setting '" + key + "': " + reason + "; allowed: " + allowed,
                cause);
        this.value = value;
        this.allowed = allowed;
    }

    /** The text given. */
    public String value() {
        return value;
    }

    /** The values the setting allows. */
    public String allowed() {
        return allowed;
    }
}

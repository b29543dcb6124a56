package io.eraft.api;

/** A plugin could not be loaded; the message names the plugin and says why. */
public final class PluginRefusedException extends EraftException {
    private static final long serialVersionUID = 1L;
    private final String plugin;
    private final String reason;

    public PluginRefusedException(String plugin, String reason) {
        super("plugin '" + plugin + "' refused: " + reason);
        this.plugin = plugin;
        this.reason = reason;
    }

    /** The plugin's name (its directory or jar name). */
    public String plugin() {
        return plugin;
    }

    /** Why it was refused. */
    public String reason() {
        return reason;
    }
}

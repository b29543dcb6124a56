package io.eraft.dist.server;

import io.eraft.api.EraftException;

/**
 * A server or client setting is wrong: a malformed peer list, a node that is not among its peers, an unknown store,
 * a value out of range. The message names the setting (config key and flag), the value, and how to fix it.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ConfigException extends EraftException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

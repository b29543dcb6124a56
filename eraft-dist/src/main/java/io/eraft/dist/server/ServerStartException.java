package io.eraft.dist.server;

import io.eraft.api.EraftException;

/**
 * A server could not start although its settings are valid: its port is in use, its data directory is held by
 * another server, or its files cannot be opened. The message names the cause and the fix.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ServerStartException extends EraftException {
    private static final long serialVersionUID = 1L;

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.eraft.api.transport;

import io.eraft.api.Providers;
import io.eraft.api.settings.Setting;

import java.util.List;

/** Creates transports of one kind ({@code netty}, {@code inprocess}). Found with {@link java.util.ServiceLoader}. */
public interface TransportProvider {

    String name();

    /**
     * The options {@link TransportConfig#options()} may hold ({@code max-frame-bytes}; a server adds the
     * {@code transport.} prefix), with their types, defaults, ranges and meaning; none by default.
     */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /** @throws TransportException when the node cannot listen (e.g. its port is in use) */
    Transport create(TransportConfig config);

    /** @throws io.eraft.api.UnknownProviderException listing the transports found */
    static TransportProvider byName(String name) {
        return Providers.byName(TransportProvider.class, name, TransportProvider::name);
    }
}

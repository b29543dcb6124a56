package io.eraft.api.transport;

import io.eraft.api.Providers;

/** Creates transports of one kind ({@code netty}, {@code inprocess}). Found with {@link java.util.ServiceLoader}. */
public interface TransportProvider {

    String name();

    /** @throws TransportException when the node cannot listen (e.g. its port is in use) */
    Transport create(TransportConfig config);

    /** @throws io.eraft.api.UnknownProviderException listing the transports found */
    static TransportProvider byName(String name) {
        return Providers.byName(TransportProvider.class, name, TransportProvider::name);
    }
}

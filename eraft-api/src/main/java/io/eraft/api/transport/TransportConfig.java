package io.eraft.api.transport;

import java.util.Map;
import java.util.Objects;

/**
 * What a transport needs to know: this node, the address of every node it may talk to (including itself, to
 * listen on), and provider-specific options (TLS files, frame limits, ...).
 *
 * @param self      this node
 * @param addresses node to address, as {@code host:port} for network transports; ignored by in-process ones
 * @param options   provider-specific settings; a provider rejects names it does not know
 */
public record TransportConfig(NodeId self, Map<NodeId, String> addresses, Map<String, String> options) {
    public TransportConfig {
        Objects.requireNonNull(self, "self");
        addresses = Map.copyOf(addresses);
        options = Map.copyOf(options);
    }

    public static TransportConfig of(NodeId self, Map<NodeId, String> addresses) {
        return new TransportConfig(self, addresses, Map.of());
    }
}

package io.eraft.api;

import java.util.List;
import java.util.stream.Collectors;

/** No provider of an SPI has the requested name. The message lists the providers that were found. */
public final class UnknownProviderException extends EraftException {
    private static final long serialVersionUID = 1L;
    private final List<String> available;

    public UnknownProviderException(String spi, String requested, List<String> available) {
        this(spi, requested, available, List.of());
    }

    /** As above; the message also names the plugins that were refused at start, which may be why. */
    public UnknownProviderException(String spi, String requested, List<String> available,
                                    List<PluginLayers.Refusal> refusedPlugins) {
        super("no " + (spi.endsWith("Provider") ? spi : spi + " provider") + " named '" + requested + "'; providers found: "
                + (available.isEmpty() ? "none (add a provider module to the module path)" : String.join(", ", available))
                + refusedPlugins.stream().map(r -> "plugin '" + r.name() + "' (" + r.reason() + ")")
                        .collect(Collectors.joining("; ", refusedPlugins.isEmpty() ? "" : "; refused at start: ", "")));
        this.available = List.copyOf(available);
    }

    public List<String> available() {
        return available;
    }
}

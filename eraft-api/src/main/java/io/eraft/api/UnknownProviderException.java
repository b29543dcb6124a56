package io.eraft.api;

import java.util.List;

/** No provider of an SPI has the requested name. The message lists the providers that were found. */
public final class UnknownProviderException extends EraftException {
    private static final long serialVersionUID = 1L;
    private final List<String> available;

    public UnknownProviderException(String spi, String requested, List<String> available) {
        super("no " + (spi.endsWith("Provider") ? spi : spi + " provider") + " named '" + requested + "'; providers found: "
                + (available.isEmpty() ? "none (add a provider module to the module path)" : String.join(", ", available)));
        this.available = List.copyOf(available);
    }

    public List<String> available() {
        return available;
    }
}

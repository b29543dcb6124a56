package io.eraft.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds service providers by name with {@link ServiceLoader}. This module declares {@code uses} for every SPI, so
 * lookups made here see the providers of every module on the module path (and META-INF/services on the class path),
 * then those of the plugin layers {@link PluginLayers} holds.
 */
public final class Providers {
    private Providers() {
    }

    /** Every provider of {@code spi} visible to eRaft, in ServiceLoader order. */
    public static <S> List<S> all(Class<S> spi) {
        List<S> out = new ArrayList<>();
        ServiceLoader.load(spi, Providers.class.getClassLoader()).forEach(out::add);
        if (out.isEmpty() && Thread.currentThread().getContextClassLoader() != null) {
            ServiceLoader.load(spi).forEach(out::add);
        }
        for (PluginLayers.Plugin plugin : PluginLayers.plugins()) {
            out.addAll(PluginLayers.providersIn(plugin, spi));
        }
        return out;
    }

    /**
     * The provider of {@code spi} whose {@code nameOf} equals {@code name}.
     *
     * @throws UnknownProviderException naming the providers that were found, when none matches
     */
    public static <S> S byName(Class<S> spi, String name, Function<S, String> nameOf) {
        List<S> found = all(spi);
        Optional<S> match = found.stream().filter(p -> nameOf.apply(p).equals(name)).findFirst();
        return match.orElseThrow(() -> new UnknownProviderException(spi.getSimpleName(), name,
                found.stream().map(nameOf).collect(Collectors.toList()), PluginLayers.refusals()));
    }
}

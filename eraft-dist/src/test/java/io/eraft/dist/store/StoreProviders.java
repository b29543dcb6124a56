package io.eraft.dist.store;

import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.Stores;
import org.junit.jupiter.api.Named;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The store providers eraft-dist ships, as ServiceLoader finds them. The store contract suite itself is the provider
 * test kit (io.eraft.api.tck in eraft-api's test-jar), which each provider module runs; the tests here are about
 * the distribution: which providers it holds and how they behave side by side.
 */
final class StoreProviders {
    /** Providers this build must ship; {@link ProvidersFoundTest} fails if any is missing. */
    static final List<String> EXPECTED = List.of("leveldb", "lmdb");

    private StoreProviders() {
    }

    /** Arguments for {@code @MethodSource}: each provider, named by its name. */
    static Stream<Named<StoreProvider>> all() {
        return Stores.providers().stream()
                .sorted(Comparator.comparing(StoreProvider::name))
                .map(p -> Named.of(p.name(), p));
    }
}

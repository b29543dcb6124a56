package io.eraft.dist.store;

import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.Stores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The providers shipped side by side keep to their own directories: each refuses a directory another real
 * provider created, naming that provider, and leaves it usable by its owner. (The provider test kit checks the
 * same against a stand-in provider, since a provider's own build has no second one.)
 */
class ProviderDirectoriesTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.eraft.dist.store.StoreProviders#all")
    void directoryOfAnotherShippedProviderIsRefusedNamingIt(StoreProvider provider, @TempDir Path dir) {
        StoreProvider other = Stores.providers().stream().filter(p -> !p.name().equals(provider.name()))
                .findFirst().orElseThrow();
        other.open(dir).close();
        StoreException e = assertThrows(StoreException.class, () -> provider.open(dir));
        assertTrue(e.getMessage().contains(other.name()), e.getMessage());
        other.open(dir).close();
    }
}

package io.eraft.dist.store;

import io.eraft.api.UnknownProviderException;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.Stores;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract suite runs against real providers: ServiceLoader must find both that eraft-dist ships. */
class ProvidersFoundTest {

    @Test
    void serviceLoaderFindsTheLevelDbAndLmdbProviders() {
        List<String> names = Stores.providers().stream().map(StoreProvider::name).sorted()
                .collect(Collectors.toList());
        assertTrue(names.containsAll(StoreProviders.EXPECTED), "providers found: " + names);
        assertEquals(names.size(), StoreProviders.all().count());
    }

    @Test
    void eachProviderIsFoundByItsName() {
        for (String name : StoreProviders.EXPECTED) {
            assertEquals(name, Stores.provider(name).name());
        }
    }

    @Test
    void unknownNameFailsListingTheProvidersFound() {
        UnknownProviderException e = assertThrows(UnknownProviderException.class, () -> Stores.provider("rocksdb"));
        assertTrue(e.getMessage().contains("rocksdb"), e.getMessage());
        assertTrue(e.available().containsAll(StoreProviders.EXPECTED), e.getMessage());
    }
}

package io.eraft.api.store;

import io.eraft.api.Providers;

import java.util.List;

/** Finds store providers with {@link java.util.ServiceLoader}. */
public final class Stores {
    private Stores() {
    }

    /** Every store provider on the module path. */
    public static List<StoreProvider> providers() {
        return Providers.all(StoreProvider.class);
    }

    /**
     * The provider named {@code name}.
     *
     * @throws io.eraft.api.UnknownProviderException listing the providers found, when none has that name
     */
    public static StoreProvider provider(String name) {
        return Providers.byName(StoreProvider.class, name, StoreProvider::name);
    }
}

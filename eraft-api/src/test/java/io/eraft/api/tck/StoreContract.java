package io.eraft.api.tck;

import io.eraft.api.store.StoreProvider;

/**
 * The one thing every store contract asks of a provider under test: the provider itself. Each contract class of
 * this kit ({@link StoreBasicsContract}, {@link StoreScanContract}, {@link StoreSnapshotContract},
 * {@link StoreErrorsContract}, {@link StoreConcurrencyContract}, {@link StoreCrashContract}) extends it; a provider's
 * build extends each contract with a small class that implements {@link #provider()}.
 *
 * <p>Every test opens its stores in its own JUnit temporary directory, through {@code provider().open(dir)} with
 * the default options (or the options the test is about), so the provider needs no other set-up.
 */
public abstract class StoreContract {

    /**
     * The provider under test. Called at least once per test; may return a new instance each time or the same
     * one. {@link StoreCrashContract} also re-creates it in a writer process from its class, as
     * {@link java.util.ServiceLoader} would (a public no-argument constructor or a public static
     * {@code provider()} method).
     */
    protected abstract StoreProvider provider();
}

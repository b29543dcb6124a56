/**
 * Building blocks for provider authors: the directory lock, the owned and marked store directory, crash-safe file
 * writes, a reference-counted native handle, the registry of open iterators and snapshots, and the key layout both
 * bundled stores keep on disk ({@link io.eraft.api.spi.support.StoreKeySpace}). They hold no engine specifics; each provider keeps its own engine code and its own error messages in its module.
 *
 * <p>Not part of the SPI contract: an application codes against the SPIs in {@code io.eraft.api.*}, never against
 * this package.
 */
package io.eraft.api.spi.support;

/**
 * Typed settings: one way for every component to declare what it can be told and to read it from text.
 *
 * <p>A component declares each of its settings as a {@link io.eraft.api.settings.Setting}: a key
 * ({@code raft.tick}, {@code store.map-size}), a type, a default, the values it allows and one line of description.
 * {@link io.eraft.api.settings.Settings#parse} checks a map of textual settings against the declared keys and
 * returns an immutable {@link io.eraft.api.settings.Settings}; an unknown key is refused with
 * {@link io.eraft.api.settings.UnknownSettingException} (naming the nearest known key) and a value that cannot be
 * read or is out of range with {@link io.eraft.api.settings.InvalidSettingException} (naming the allowed values).
 *
 * <p>Text forms: sizes are bytes with an optional unit, powers of 1024 ({@code 4096}, {@code 4KiB}, {@code 64MiB},
 * {@code 64m}, {@code 1g}; see {@link io.eraft.api.settings.Sizes}); durations need a unit ({@code 150ms},
 * {@code 2s}, {@code 1min}; see {@link io.eraft.api.settings.Durations}); booleans are {@code true} or
 * {@code false}; enums are their lower-case names.
 */
package io.eraft.api.settings;

package io.eraft.api.codec;

import io.eraft.api.Providers;

import java.util.List;

/** Finds codecs with {@link java.util.ServiceLoader}. */
public final class Codecs {
    /** The name of the codec used when none is configured. */
    public static final String DEFAULT = "protobuf";

    private Codecs() {
    }

    public static List<Codec> all() {
        return Providers.all(Codec.class);
    }

    /** @throws io.eraft.api.UnknownProviderException listing the codecs found */
    public static Codec byName(String name) {
        return Providers.byName(Codec.class, name, Codec::name);
    }

    public static Codec defaultCodec() {
        return byName(DEFAULT);
    }
}

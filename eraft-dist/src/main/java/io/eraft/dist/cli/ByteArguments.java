package io.eraft.dist.cli;

import io.eraft.shardkv.kv.KvLimits;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Keys and values given on the command line, in one form: UTF-8 text, hex or base64. Refuses, before anything is
 * sent, malformed hex or base64 and the empty key (text that is not valid UTF-8 never gets here: {@link Argv}
 * refuses it).
 */
final class ByteArguments {
    /** How arguments are written. */
    enum Form { TEXT, HEX, BASE64 }

    private final Form form;

    ByteArguments(Form form) {
        this.form = form;
    }

    /** A key's bytes; the empty key is refused. */
    byte[] key(String text) {
        byte[] key = bytes(text, "KEY");
        if (key.length == 0) {
            throw new IllegalArgumentException("the empty key is not allowed: a key has 1 to "
                    + KvLimits.DEFAULT.maxKeyBytes() + " bytes");
        }
        return key;
    }

    /** A value's bytes (may be empty). */
    byte[] value(String text, String name) {
        if (text == null) {
            throw new IllegalArgumentException("missing " + name + ": give it, or --value-file FILE");
        }
        return bytes(text, name);
    }

    /** A value as this form prints it: text (decoded leniently, for display only), hex or base64. */
    String print(byte[] value) {
        return switch (form) {
            case TEXT -> new String(value, StandardCharsets.UTF_8);
            case HEX -> HexFormat.of().formatHex(value);
            case BASE64 -> Base64.getEncoder().encodeToString(value);
        };
    }

    private byte[] bytes(String text, String name) {
        return switch (form) {
            case TEXT -> text.getBytes(StandardCharsets.UTF_8);
            case HEX -> {
                try {
                    yield HexFormat.of().parseHex(text.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " '" + text + "' is not hex (--hex): give an even "
                            + "number of digits 0-9, a-f, e.g. 00ff10", e);
                }
            }
            case BASE64 -> {
                try {
                    yield Base64.getDecoder().decode(text.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " '" + text + "' is not base64 (--base64): "
                            + e.getMessage(), e);
                }
            }
        };
    }
}

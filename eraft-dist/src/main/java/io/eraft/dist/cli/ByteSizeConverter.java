package io.eraft.dist.cli;

import io.eraft.api.settings.Sizes;
import picocli.CommandLine;

/** Reads sizes as settings do ({@link Sizes}): {@code 4096}, {@code 64k}, {@code 100MiB}, {@code 1g}. */
final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        long bytes;
        try {
            bytes = Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (bytes < 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is negative; a size is 0 or more");
        }
        return bytes;
    }
}

package io.eraft.dist.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What the benchmark reports ({@link BenchReport}, {@code ShardBenchReport}) share: numbers formatted the same way
 * in every text table, whatever the default locale, and the writing of one JSON object.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ReportFormat {
    private static final JsonFactory JSON = new JsonFactory();

    /** Writes the fields of a JSON object; the object's start and end are written around it. */
    @FunctionalInterface
    public interface FieldWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private ReportFormat() {
    }

    /** {@link String#format} in {@link Locale#ROOT}, so a report reads the same on every machine. */
    public static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** Microseconds as milliseconds with two decimals, e.g. {@code 2.50}. */
    public static String millis(double micros) {
        return format("%.2f", micros / 1000);
    }

    /** A rate (or any figure) rounded to a whole number, e.g. {@code 1250}. */
    public static String whole(double value) {
        return format("%.0f", value);
    }

    /** One JSON object on one line, holding what {@code fields} writes. */
    public static String jsonObject(FieldWriter fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report as JSON", e);
        }
        return out.toString();
    }
}

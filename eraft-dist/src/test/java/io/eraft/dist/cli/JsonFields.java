package io.eraft.dist.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fields of a JSON object by path ({@code a.b}, array elements as {@code a[i]}), for tests of JSON output. */
public final class JsonFields {
    private JsonFields() {
    }

    /** Every scalar of the JSON object {@code json} by its path, as its text. */
    public static Map<String, String> of(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            flatten(p, "", out);
        }
        return out;
    }

    /**
     * Asserts that {@code json} holds each path with its value, given as pairs {@code path, value, path, value, ...};
     * a failure lists every expected field next to what the JSON holds there.
     */
    public static void assertHolds(String json, String... pathsAndValues) throws IOException {
        assertTrue(pathsAndValues.length % 2 == 0, "paths and values come in pairs");
        Map<String, String> all = of(json);
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            expected.put(pathsAndValues[i], pathsAndValues[i + 1]);
            actual.put(pathsAndValues[i], all.get(pathsAndValues[i]));
        }
        assertEquals(expected, actual, json);
    }

    private static void flatten(JsonParser p, String path, Map<String, String> out) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                p.nextToken();
                flatten(p, path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                flatten(p, path + "[" + i++ + "]", out);
            }
        } else {
            out.put(path, p.getText());
        }
    }
}

package io.eraft.dist.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line is {@code # HELP},
 * {@code # TYPE} or a sample; names match {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names
 * {@code [a-zA-Z_][a-zA-Z0-9_]*} with quoted, correctly escaped values and no name twice; values parse as floats;
 * a family has at most one HELP and one TYPE, given before its samples; every sample belongs to a family with a
 * TYPE (by its name, or its name less the suffix its type allows: {@code _total}, {@code _created},
 * {@code _bucket}, {@code _sum}, {@code _count}); no series appears twice. Anything else throws
 * {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP ([^ ]+) (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([^ ]+) (counter|gauge|histogram|summary|untyped)");
    private static final Set<String> TYPES_WITH_SUFFIXES = Set.of("counter", "histogram", "summary");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        /** Whether every given label (alternating names and values) is on this sample. */
        public boolean has(String... labels) {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(this.labels.get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A metric family: its TYPE and its samples. */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) {
        this.families = families;
    }

    /** Reads {@code text}, checking every rule above. */
    public static PrometheusText parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new HashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> seriesSeen = new HashSet<>();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text does not end with a line break");
        }
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length - 1; index++) { // the last "line" is what follows the last break
            String line = lines[index];
            int number = index + 1;
            if (line.isEmpty()) {
                throw new IllegalArgumentException("line " + number + " is empty");
            }
            String where = "line " + number + " '" + line + "': ";
            if (line.startsWith("#")) {
                Matcher help = HELP.matcher(line);
                Matcher type = TYPE.matcher(line);
                if (help.matches()) {
                    name(help.group(1), where);
                    checkEscapes(help.group(2), where);
                    if (helps.put(help.group(1), help.group(2)) != null) {
                        throw new IllegalArgumentException(where + "a second HELP for " + help.group(1));
                    }
                } else if (type.matches()) {
                    String family = name(type.group(1), where);
                    if (types.put(family, type.group(2)) != null) {
                        throw new IllegalArgumentException(where + "a second TYPE for " + family);
                    }
                    if (samples.containsKey(family)) {
                        throw new IllegalArgumentException(where + "TYPE after samples of " + family);
                    }
                } else {
                    throw new IllegalArgumentException(where + "neither # HELP nor # TYPE");
                }
                continue;
            }
            Sample sample = sample(line, where);
            String family = familyOf(sample.name(), types);
            if (family == null) {
                throw new IllegalArgumentException(where + "sample of a family without a TYPE");
            }
            if (!seriesSeen.add(sample.name() + sample.labels())) {
                throw new IllegalArgumentException(where + "a second sample of the same series");
            }
            samples.computeIfAbsent(family, f -> new ArrayList<>()).add(sample);
        }
        Map<String, Family> families = new LinkedHashMap<>();
        types.forEach((name, type) -> families.put(name, new Family(name, type, helps.get(name),
                List.copyOf(samples.getOrDefault(name, List.of())))));
        return new PrometheusText(families);
    }

    /** Every family, by name as its TYPE line gives it. */
    public Map<String, Family> families() {
        return families;
    }

    /** The samples named {@code name} (exactly) that carry the given labels (alternating names and values). */
    public List<Sample> samples(String name, String... labels) {
        List<Sample> out = new ArrayList<>();
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(name) && s.has(labels)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The value of the one sample named {@code name} with these labels; fails when there is not exactly one. */
    public double value(String name, String... labels) {
        List<Sample> found = samples(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labels) + ", found " + found);
        }
        return found.get(0).value();
    }

    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if (type != null && TYPES_WITH_SUFFIXES.contains(type)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = name(line.substring(0, i), where);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                if (i < line.length() && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException(where + "a label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches()) {
                    throw new IllegalArgumentException(where + "bad label name '" + label + "'");
                }
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException(where + "label value of " + label + " is not quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = j + 1 < line.length() ? line.charAt(++j) : ' ';
                        switch (next) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException(where + "bad escape \\" + next);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (j >= line.length()) {
                    throw new IllegalArgumentException(where + "unterminated value of label " + label);
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException(where + "label " + label + " given twice");
                }
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    throw new IllegalArgumentException(where + "expected ',' or '}' after label " + label);
                }
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException(where + "no space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2 || rest[0].isEmpty()) {
            throw new IllegalArgumentException(where + "expected a value and an optional timestamp");
        }
        double value = value(rest[0], where);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "bad timestamp '" + rest[1] + "'");
            }
        }
        return new Sample(name, Map.copyOf(labels), value);
    }

    private static double value(String text, String where) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new IllegalArgumentException(where + "bad value '" + text + "'");
                }
                return Double.parseDouble(text);
        }
    }

    private static String name(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "bad metric name '" + name + "'");
        }
        return Objects.requireNonNull(name);
    }

    private static void checkEscapes(String help, String where) {
        for (int i = 0; i < help.length(); i++) {
            if (help.charAt(i) == '\\') {
                char next = i + 1 < help.length() ? help.charAt(++i) : ' ';
                if (next != '\\' && next != 'n') {
                    throw new IllegalArgumentException(where + "bad escape \\" + next + " in HELP");
                }
            }
        }
    }
}

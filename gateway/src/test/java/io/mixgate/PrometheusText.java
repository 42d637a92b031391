package io.mixgate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small strict parser of the Prometheus text exposition format 0.0.4, for tests. No maintained
 * Java library parses it (the Prometheus Java client and Micrometer only write it), so this one
 * checks the rules a Prometheus server enforces and fails on anything else:
 * <ul>
 *   <li>every line ends with {@code \n}; blank lines and {@code #} comments other than HELP and TYPE are ignored;</li>
 *   <li>{@code # TYPE name type}: type is counter, gauge, summary, histogram or untyped, at most once per
 *       name, and before any sample of its family;</li>
 *   <li>a sample is {@code name{label="value",...} value [timestamp]}: metric names match
 *       {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}, label values
 *       escape only {@code \\}, {@code \"} and {@code \n}, values are Go floats (also NaN, +Inf, -Inf);</li>
 *   <li>a sample of a typed family is named after it ({@code _sum}, {@code _count}, {@code _bucket} for
 *       summaries and histograms), a family's samples are contiguous, and no series appears twice.</li>
 * </ul>
 */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram", "untyped");

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line does not end with a newline");
        }
        Set<String> series = new HashSet<>();
        Set<String> closedFamilies = new HashSet<>();
        String currentFamily = null;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + lineNo + ": " + line;
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    require(NAME.matcher(parts[2]).matches(), where, "bad metric name");
                    require(parts.length == 4 && TYPES.contains(parts[3]), where, "bad type");
                    require(parsed.types.put(parts[2], parts[3]) == null, where, "second TYPE for the name");
                    require(!closedFamilies.contains(parts[2]) && !parts[2].equals(currentFamily), where,
                            "TYPE after samples of the family");
                } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                    require(NAME.matcher(parts[2]).matches(), where, "bad metric name");
                }
                continue;
            }
            Sample sample = sample(line, where);
            String family = parsed.familyOf(sample.name());
            if (!family.equals(currentFamily)) {
                require(closedFamilies.add(family), where, "samples of family " + family + " are not contiguous");
                currentFamily = family;
            }
            require(series.add(sample.name() + sample.labels()), where, "the series appears twice");
            parsed.samples.add(sample);
        }
        return parsed;
    }

    /** The typed family a sample belongs to; untyped samples are their own family. */
    private String familyOf(String name) {
        for (String suffix : List.of("_sum", "_count", "_bucket")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if ("summary".equals(type) || "histogram".equals(type)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static Sample sample(String line, String where) {
        Matcher m = NAME.matcher(line);
        require(m.lookingAt(), where, "no metric name");
        String name = m.group();
        int i = m.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                Matcher l = LABEL.matcher(line).region(i, line.length());
                require(l.lookingAt(), where, "bad label name");
                i = l.end();
                require(line.startsWith("=\"", i), where, "expected =\"");
                i += 2;
                StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char e = line.charAt(i++);
                        require(e == '\\' || e == '"' || e == 'n', where, "bad escape \\" + e);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                i++;
                require(labels.put(l.group(), value.toString()) == null, where, "label given twice");
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        require(i < line.length() && line.charAt(i) == ' ', where, "expected a space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, where, "expected a value and an optional timestamp");
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, labels, value(rest[0], where));
    }

    private static double value(String text, String where) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                require(text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?"), where, "bad value");
                yield Double.parseDouble(text);
            }
        };
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + " (expected: exactly one)");
        }
        return found.get(0).value();
    }

    private static void require(boolean ok, String where, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem + " at " + where);
        }
    }
}

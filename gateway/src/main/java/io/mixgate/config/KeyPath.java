package io.mixgate.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key path into the config tree such as {@code servers[0].options.path}: a list
 * of steps, each a key or a list index. Immutable.
 *
 * @param steps the steps from the root
 */
record KeyPath(List<Step> steps) {

    /** One step: a key ({@code name} non-null) or a list index ({@code name} null). */
    record Step(String name, int index) {

        static Step key(String name) {
            return new Step(name, -1);
        }

        static Step index(int index) {
            return new Step(null, index);
        }

        boolean isKey() {
            return name != null;
        }
    }

    static final KeyPath ROOT = new KeyPath(List.of());

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d{1,9}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    KeyPath {
        steps = List.copyOf(steps);
    }

    /**
     * Parses {@code servers[0].options.path}.
     *
     * @throws IllegalArgumentException if {@code text} is not such a path
     */
    static KeyPath parse(String text) {
        List<Step> steps = new ArrayList<>();
        for (String segment : text.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a key path: " + text);
            }
            steps.add(Step.key(m.group(1)));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                steps.add(Step.index(Integer.parseInt(index.group(1))));
            }
        }
        return new KeyPath(steps);
    }

    /** The path that Jackson recorded in {@code e}. */
    static KeyPath of(JsonMappingException e) {
        List<Step> steps = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            steps.add(ref.getFieldName() != null ? Step.key(ref.getFieldName()) : Step.index(ref.getIndex()));
        }
        return new KeyPath(steps);
    }

    boolean isRoot() {
        return steps.isEmpty();
    }

    KeyPath child(String name) {
        return append(Step.key(name));
    }

    KeyPath child(int index) {
        return append(Step.index(index));
    }

    KeyPath parent() {
        return new KeyPath(steps.subList(0, Math.max(0, steps.size() - 1)));
    }

    /** Whether {@code this} is {@code other} or lies inside it. */
    boolean startsWith(KeyPath other) {
        return steps.size() >= other.steps.size() && steps.subList(0, other.steps.size()).equals(other.steps);
    }

    /** {@code relative} (such as {@code options.path}) below this path; a key that does not parse is one step. */
    KeyPath resolve(String relative) {
        List<Step> more;
        try {
            more = parse(relative).steps;
        } catch (IllegalArgumentException e) {
            more = List.of(Step.key(relative));
        }
        List<Step> longer = new ArrayList<>(steps);
        longer.addAll(more);
        return new KeyPath(longer);
    }

    private KeyPath append(Step step) {
        List<Step> longer = new ArrayList<>(steps);
        longer.add(step);
        return new KeyPath(longer);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Step step : steps) {
            if (!step.isKey()) {
                out.append('[').append(step.index()).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(step.name());
            }
        }
        return out.toString();
    }
}

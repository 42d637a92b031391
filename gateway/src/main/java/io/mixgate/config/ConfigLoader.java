package io.mixgate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a {@link GatewayConfig} from YAML (CONNMIX-style {@code connmix.yaml} keys)
 * plus {@code --set key.path=value} overrides.
 *
 * <p>Steps: parse the YAML into a tree; rewrite list-form {@code options}; fill
 * missing keys with the records' defaults; apply the overrides; bind the tree to the
 * records, whose constructors validate. Every failure becomes a {@link ConfigException}
 * that names where it came from (file or {@code --set}), the key path, the value and
 * what was expected.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper MAPPER = ConfigMapper.create();
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
    private static final Pattern YAML_MARK = Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):", Pattern.MULTILINE);

    private ConfigLoader() {
    }

    /**
     * Loads {@code file} (UTF-8) and applies {@code overrides}.
     *
     * @throws ConfigException if the file cannot be read or the configuration is invalid
     */
    public static GatewayConfig load(Path file, List<String> overrides) throws ConfigException {
        return load(file, Map.of(), overrides);
    }

    /**
     * Loads {@code file} (UTF-8), then applies the {@code MIXGATE_*} variables of {@code environment}
     * (see {@link ConfigEnvironment}), then {@code overrides}.
     *
     * @throws ConfigException if the file cannot be read or the configuration is invalid
     */
    public static GatewayConfig load(Path file, Map<String, String> environment, List<String> overrides)
            throws ConfigException {
        return parse(read(file), file.toString(), environment, overrides);
    }

    /**
     * Every problem of {@code file} with {@code environment} and {@code overrides}, for
     * {@code mixgate check}: each top-level section is bound on its own, so a problem in one does not
     * hide a problem in another; within a section, each problem's key is put back to its default
     * and the section bound again, so every bad key is reported (at most {@value #MAX_PROBLEMS_PER_SECTION}
     * per section). Empty = valid.
     */
    public static List<String> check(Path file, Map<String, String> environment, List<String> overrides) {
        try {
            load(file, environment, overrides);
            return List.of();
        } catch (ConfigException first) {
            List<String> problems = new ArrayList<>();
            try {
                String sourceName = file.toString();
                Prepared prepared = prepare(read(file), sourceName, environment, overrides);
                JsonNode defaults = MAPPER.valueToTree(GatewayConfig.defaults());
                for (String section : ConfigSchema.keysOf(GatewayConfig.class)) {
                    ObjectNode alone = ((ObjectNode) defaults).deepCopy();
                    alone.set(section, prepared.root().get(section).deepCopy());
                    for (ConfigProblem problem : problemsOf(alone, defaults)) {
                        problems.add(prepared.blame(problem, sourceName) + ": " + problem.getMessage());
                    }
                }
            } catch (ConfigException early) {
                return List.of(early.getMessage()); // unreadable, bad YAML or a bad override: nothing to bind
            }
            return problems.isEmpty() ? List.of(first.getMessage()) : problems;
        }
    }

    /** Most problems {@link #check} reports per section: a bound on the rebinding loop. */
    static final int MAX_PROBLEMS_PER_SECTION = 50;

    /**
     * Every problem of {@code tree} (changed in place): binds, and after each problem resets the
     * key it names to its default (removing it, or nulling a list element, then filling defaults again) and binds again. Stops
     * at a problem that names no key, a key named again (its default clashes with another key: not
     * reported, it is not the user's value) or the bound.
     */
    private static List<ConfigProblem> problemsOf(ObjectNode tree, JsonNode defaults) {
        List<ConfigProblem> problems = new ArrayList<>();
        Set<KeyPath> seen = new HashSet<>();
        while (problems.size() < MAX_PROBLEMS_PER_SECTION) {
            try {
                bind(tree);
                break;
            } catch (ConfigProblem problem) {
                if (seen.contains(problem.path())) {
                    break; // a key already reset: its default clashes with another key (two ports), not the user's value
                }
                problems.add(problem);
                if (problem.path().isRoot() || !seen.add(problem.path()) || !remove(tree, problem.path())) {
                    break;
                }
                ConfigTree.fillDefaults(tree, defaults, GatewayConfig.class);
            }
        }
        return problems;
    }

    /** Removes the value at {@code path} (a key, or a list element); false when there is none. */
    private static boolean remove(JsonNode tree, KeyPath path) {
        JsonNode parent = tree;
        List<KeyPath.Step> steps = path.steps();
        for (KeyPath.Step step : steps.subList(0, steps.size() - 1)) {
            parent = step.isKey() ? parent.get(step.name()) : parent.get(step.index());
            if (parent == null) {
                return false;
            }
        }
        KeyPath.Step last = steps.getLast();
        if (last.isKey() && parent instanceof ObjectNode object && object.has(last.name())) {
            object.remove(last.name());
            return true;
        }
        if (!last.isKey() && parent instanceof ArrayNode list && last.index() < list.size()) {
            list.set(last.index(), NullNode.getInstance()); // filled again from the default element; indices stay
            return true;
        }
        return false;
    }

    private static String read(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        return yaml;
    }

    /**
     * Parses {@code yaml}, named {@code sourceName} in messages, and applies {@code overrides}.
     *
     * @throws ConfigException if the configuration is invalid
     */
    public static GatewayConfig parse(String yaml, String sourceName, List<String> overrides) throws ConfigException {
        return parse(yaml, sourceName, Map.of(), overrides);
    }

    /**
     * Parses {@code yaml}, named {@code sourceName} in messages, then applies the {@code MIXGATE_*}
     * variables of {@code environment}, then {@code overrides}.
     *
     * @throws ConfigException if the configuration is invalid
     */
    public static GatewayConfig parse(String yaml, String sourceName, Map<String, String> environment,
            List<String> overrides) throws ConfigException {
        Prepared prepared = prepare(yaml, sourceName, environment, overrides);
        try {
            return bind(prepared.root());
        } catch (ConfigProblem problem) {
            throw new ConfigException(prepared.blame(problem, sourceName) + ": " + problem.getMessage(), problem);
        }
    }

    /** The tree after layout, defaults and overrides, and which override wrote where. */
    private record Prepared(ObjectNode root, List<ConfigOverride> sets, List<KeyPath> setPaths) {
        // The last override that wrote at or above the problem's path is to blame; otherwise the file is.
        String blame(ConfigProblem problem, String sourceName) {
            for (int i = setPaths.size() - 1; i >= 0; i--) {
                if (problem.path().startsWith(setPaths.get(i))) {
                    return sets.get(i).describe();
                }
            }
            return sourceName;
        }
    }

    private static Prepared prepare(String yaml, String sourceName, Map<String, String> environment,
            List<String> overrides) throws ConfigException {
        List<ConfigOverride> sets = new ArrayList<>(ConfigEnvironment.overrides(environment, MAPPER));
        for (String text : overrides) {
            sets.add(ConfigOverride.parse(text, MAPPER));
        }
        ObjectNode root = readRoot(yaml, sourceName);
        JsonNode defaults = MAPPER.valueToTree(GatewayConfig.defaults());
        List<KeyPath> setPaths = new ArrayList<>();
        try {
            List<String> ignored = ConnmixLayout.adapt(root);
            if (!ignored.isEmpty()) {
                log.info("{}: ignoring CONNMIX keys mixgate has no use for: {}", sourceName, String.join(", ", ignored));
            }
            ConfigTree.normalizeOptions(root);
            ConfigTree.fillDefaults(root, defaults, GatewayConfig.class);
            for (ConfigOverride set : sets) {
                setPaths.add(set.applyTo(root));
            }
            ConfigTree.fillDefaults(root, defaults, GatewayConfig.class);
            return new Prepared(root, sets, setPaths);
        } catch (ConfigProblem problem) {
            Prepared sofar = new Prepared(root, sets, setPaths);
            throw new ConfigException(sofar.blame(problem, sourceName) + ": " + problem.getMessage(), problem);
        }
    }

    private static GatewayConfig bind(ObjectNode root) throws ConfigProblem {
        try {
            return MAPPER.treeToValue(root, GatewayConfig.class);
        } catch (JsonMappingException e) {
            throw ConfigErrors.translate(e, root);
        } catch (JsonProcessingException e) {
            throw new ConfigProblem(KeyPath.ROOT, e.getOriginalMessage());
        }
    }

    private static ObjectNode readRoot(String yaml, String sourceName) throws ConfigException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName + syntaxProblem(e), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (tree instanceof ObjectNode root) {
            return root;
        }
        throw new ConfigException(sourceName + ": the top level is " + ConfigErrors.show(tree)
                + " (expected: " + ConfigSchema.expected(GatewayConfig.class, tree) + ")");
    }

    // SnakeYAML's message reads "context / mark / snippet / problem / mark / snippet"; keep the problem and its mark.
    private static String syntaxProblem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return where(e.getLocation()) + ": duplicate key " + Require.quote(duplicate.group(1));
        }
        String problem = message.lines().filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .reduce((first, second) -> second).orElse(message).strip();
        Matcher mark = YAML_MARK.matcher(message);
        String where = where(e.getLocation());
        while (mark.find()) {
            where = ": line " + mark.group(1) + ", column " + mark.group(2);
        }
        return where + ": invalid YAML: " + problem;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return ": line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}

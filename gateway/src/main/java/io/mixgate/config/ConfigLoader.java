package io.mixgate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
     * hide a problem in another (within a section, the first problem is reported). Empty = valid.
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
                    alone.set(section, prepared.root().get(section));
                    try {
                        bind(alone);
                    } catch (ConfigProblem problem) {
                        problems.add(prepared.blame(problem, sourceName) + ": " + problem.getMessage());
                    }
                }
            } catch (ConfigException early) {
                return List.of(early.getMessage()); // unreadable, bad YAML or a bad override: nothing to bind
            }
            return problems.isEmpty() ? List.of(first.getMessage()) : problems;
        }
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

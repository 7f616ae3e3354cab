package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * OpenAI's OpenAPI spec (a copy under {@code src/test/resources/openai/}, MIT licensed), loaded
 * with snakeyaml, and a maker of plausible instances of its schemas.
 *
 * <p>Tests derive their cases from the spec rather than from hand-written lists, so updating the
 * copy of the spec brings a new item kind under test without touching the tests.
 *
 * <pre>{@code
 * OpenApiSpec spec = OpenApiSpec.load();
 * for (String name : spec.itemSchemaNames()) {
 *     ObjectNode item = spec.instance(name, OpenApiSpec.Fill.ALL, Set.of());
 * }
 * }</pre>
 */
public final class OpenApiSpec {

    /** Where the copy of the spec lives on the test class path. */
    public static final String RESOURCE = "/openai/openai-openapi.yaml";

    /** The unions whose members are the item kinds of the Responses API. */
    public static final List<String> ITEM_UNIONS = List.of("InputItem", "Item", "ItemField", "ItemResource");

    /** Which properties an instance has. */
    public enum Fill {
        /** every property, each with a value */
        ALL,
        /** only the required properties */
        REQUIRED,
        /** every property; the optional nullable ones as an explicit {@code null} */
        NULLS
    }

    private static final int MAX_DEPTH = 14;
    private static final JsonNodeFactory NODES = Json.NODES;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static OpenApiSpec loaded;

    private final Map<String, Object> root;
    private final Map<String, Object> schemas;

    @SuppressWarnings("unchecked")
    private OpenApiSpec(Map<String, Object> root) {
        this.root = root;
        this.schemas = (Map<String, Object>) ((Map<String, Object>) root.get("components")).get("schemas");
    }

    /** @return the spec, parsed once per JVM */
    public static synchronized OpenApiSpec load() {
        if (loaded == null) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(64 * 1024 * 1024);
            options.setMaxAliasesForCollections(10_000);
            try (InputStream in = OpenApiSpec.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + RESOURCE);
                }
                loaded = new OpenApiSpec(new Yaml(options).load(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /**
     * @param name a schema name under {@code components/schemas}
     * @return the schema
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> schema(String name) {
        Object s = schemas.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no schema " + name);
        }
        return (Map<String, Object>) s;
    }

    /**
     * @return the names of the concrete schemas the {@link #ITEM_UNIONS} refer to, directly or
     *     through nested unions
     */
    public SortedSet<String> itemSchemaNames() {
        SortedSet<String> names = new TreeSet<>();
        for (String union : ITEM_UNIONS) {
            collectMembers(union, names, new LinkedHashSet<>());
        }
        return Collections.unmodifiableSortedSet(names);
    }

    private void collectMembers(String name, Set<String> into, Set<String> visiting) {
        if (!visiting.add(name)) {
            return;
        }
        Map<String, Object> s = schema(name);
        List<Object> alternatives = alternatives(s);
        if (alternatives.isEmpty()) {
            into.add(name);
            return;
        }
        for (Object alt : alternatives) {
            String ref = ref(alt);
            if (ref != null) {
                collectMembers(ref, into, visiting);
            }
        }
    }

    /**
     * The properties of a schema, {@code allOf} parts merged, in spec order.
     *
     * @param name a schema name
     * @return property name to property schema
     */
    public Map<String, Object> properties(String name) {
        return merged(schema(name)).properties;
    }

    /**
     * The required properties of a schema, {@code allOf} parts merged. The spec sometimes
     * requires a property it does not describe, so this is not a subset of {@link #properties}.
     *
     * @param name a schema name
     * @return the required property names
     */
    public Set<String> required(String name) {
        return Collections.unmodifiableSet(merged(schema(name)).required);
    }

    /**
     * A plausible instance of a schema: the spec's own {@code example} values where it gives
     * them, otherwise values that fit each property's name and type.
     *
     * @param name a schema name
     * @param fill which properties to include
     * @param keep top-level properties included with a value whatever {@code fill} says
     * @return a new JSON object
     */
    public ObjectNode instance(String name, Fill fill, Set<String> keep) {
        return (ObjectNode) object(merged(schema(name)), 0, fill, keep);
    }

    /** @return the JSON body of the curl example of {@code POST /responses/compact} */
    public String compactRequestExample() {
        Object request = examples().get("request");
        String curl = request instanceof String s ? s : curlOf(request);
        int start = curl.indexOf("-d '") + 4;
        return curl.substring(start, curl.indexOf('\'', start));
    }

    /** @return the JSON response example of {@code POST /responses/compact} */
    public String compactResponseExample() {
        return (String) examples().get("response");
    }

    /**
     * The response examples of an endpoint's {@code POST}, by title, e.g. the "Default",
     * "Functions" and "Streaming" answers of {@code /chat/completions}.
     *
     * @param path a path of the spec, e.g. {@code /chat/completions}
     * @return example title to the response text, in spec order
     */
    @SuppressWarnings("unchecked")
    public Map<String, String> postResponseExamples(String path) {
        Map<String, Object> paths = (Map<String, Object>) root.get("paths");
        Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) paths.get(path)).get("post");
        Object examples = ((Map<String, Object>) post.get("x-oaiMeta")).get("examples");
        Map<String, String> out = new LinkedHashMap<>();
        List<Object> all = examples instanceof List<?> l ? (List<Object>) l : List.of(examples);
        for (Object e : all) {
            Map<String, Object> ex = (Map<String, Object>) e;
            out.put(String.valueOf(ex.getOrDefault("title", "Default")), (String) ex.get("response"));
        }
        return out;
    }

    /**
     * @param name a schema name
     * @return the schema's {@code example}, as JSON
     */
    public JsonNode schemaExample(String name) {
        Object ex = schema(name).get("example");
        if (ex == null) {
            throw new IllegalArgumentException(name + " has no example");
        }
        return toNode(ex);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> examples() {
        Map<String, Object> paths = (Map<String, Object>) root.get("paths");
        Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) paths.get("/responses/compact")).get("post");
        return (Map<String, Object>) ((Map<String, Object>) post.get("x-oaiMeta")).get("examples");
    }

    @SuppressWarnings("unchecked")
    private static String curlOf(Object request) {
        return (String) ((Map<String, Object>) request).get("curl");
    }

    // ---------------------------------------------------------------------------------------

    /** An object schema with its allOf parts merged. */
    private record Merged(Map<String, Object> properties, Set<String> required, Object additional) {}

    @SuppressWarnings("unchecked")
    private Merged merged(Map<String, Object> s) {
        Map<String, Object> props = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        Object additional = null;
        List<Map<String, Object>> parts = new ArrayList<>();
        parts.add(s);
        for (int i = 0; i < parts.size(); i++) {
            Map<String, Object> part = deref(parts.get(i));
            if (part.get("allOf") instanceof List<?> all) {
                for (Object p : all) {
                    parts.add((Map<String, Object>) p);
                }
            }
            if (part.get("properties") instanceof Map<?, ?> p) {
                props.putAll((Map<String, Object>) p);
            }
            if (part.get("required") instanceof List<?> r) {
                required.addAll((List<String>) r);
            }
            if (part.get("additionalProperties") instanceof Map<?, ?> a) {
                additional = a;
            }
        }
        return new Merged(props, required, additional);
    }

    private JsonNode object(Merged m, int depth, Fill fill, Set<String> keep) {
        ObjectNode o = NODES.objectNode();
        if (depth > MAX_DEPTH) {
            return o;
        }
        for (Map.Entry<String, Object> p : m.properties.entrySet()) {
            String prop = p.getKey();
            boolean required = m.required.contains(prop) || keep.contains(prop);
            if (!required && fill == Fill.REQUIRED) {
                continue;
            }
            if (!required && fill == Fill.NULLS && nullable(p.getValue())) {
                o.putNull(prop);
            } else {
                o.set(prop, value(p.getValue(), prop, depth + 1, fill));
            }
        }
        // the spec sometimes requires a property it does not describe
        for (String prop : m.required) {
            if (!o.has(prop)) {
                o.put(prop, text(prop, Map.of()));
            }
        }
        if (m.properties.isEmpty() && m.additional instanceof Map<?, ?> a) {
            o.set("key", value(a, "key", depth + 1, fill));
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private JsonNode value(Object schemaObject, String prop, int depth, Fill fill) {
        Map<String, Object> s = (Map<String, Object>) schemaObject;
        if (s.containsKey("$ref")) {
            return depth > MAX_DEPTH ? NODES.nullNode() : value(schema(ref(s)), prop, depth + 1, fill);
        }
        if (s.containsKey("example")) {
            return toNode(s.get("example"));
        }
        if (s.containsKey("const")) {
            return toNode(s.get("const"));
        }
        if (s.get("enum") instanceof List<?> values && !values.isEmpty()) {
            Object d = s.get("default");
            for (Object likely : new Object[] {d, "completed", "user"}) {
                if (likely != null && values.contains(likely)) {
                    return toNode(likely);
                }
            }
            return toNode(values.get(0));
        }
        if (s.containsKey("allOf")) {
            return object(merged(s), depth, fill, Set.of());
        }
        List<Object> alternatives = alternatives(s);
        if (!alternatives.isEmpty()) {
            for (Object alt : alternatives) {
                if (!isNullType(alt)) {
                    return value(alt, prop, depth + 1, fill);
                }
            }
            return NODES.nullNode();
        }
        String type = type(s);
        if (type == null) {
            if (s.containsKey("properties") || s.containsKey("additionalProperties")) {
                type = "object";
            } else if (s.containsKey("items")) {
                type = "array";
            }
        }
        if (type == null) {
            // an unconstrained value, e.g. a tool search's free-form arguments
            return NODES.objectNode().put("query", "tools for reading files");
        }
        return switch (type) {
            case "object" -> object(merged(s), depth, fill, Set.of());
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                if (depth <= MAX_DEPTH && s.get("items") != null) {
                    a.add(value(s.get("items"), prop, depth + 1, fill));
                }
                yield a;
            }
            case "string" -> text(prop, s);
            case "integer" -> s.get("minimum") instanceof Number n ? NODES.numberNode(n.longValue()) : NODES.numberNode(3);
            case "number" -> NODES.numberNode(new BigDecimal("0.50"));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> throw new IllegalStateException("unhandled type " + type + " at " + prop);
        };
    }

    private static JsonNode text(String prop, Map<String, Object> s) {
        if ("uri".equals(s.get("format"))) {
            return NODES.textNode("https://example.com/files/chart.png");
        }
        return NODES.textNode(switch (prop) {
            case "id" -> "item_68f0c2a1e4b7";
            case "call_id" -> "call_Zb7Qm2xK";
            case "encrypted_content" -> "gAAAAABo1xQ-3fZ0c2VjcmV0LXN0YXRl==";
            case "arguments" -> "{\"path\":\"src/Main.java\",\"limit\":1.10}";
            case "text", "refusal" -> "Déjà vu: 日本語, emoji 🧭, \"quoted\"\nand a second line";
            case "image_url" -> "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAE=";
            case "file_data" -> "data:application/pdf;base64,JVBERi0xLjQK";
            case "code" -> "print(sum(range(10)))";
            case "input" -> "SELECT count(*) FROM orders;";
            case "output", "result" -> "total 3\n-rw-r--r-- 1 dev dev 42 Main.java\n";
            case "diff" -> "@@ -1 +1 @@\n-old\n+new\n";
            case "name" -> "read_file";
            case "server_label" -> "github";
            case "path" -> "src/Main.java";
            default -> "sample " + prop;
        });
    }

    private static boolean nullable(Object schemaObject) {
        for (Object alt : alternatives(asMap(schemaObject))) {
            if (isNullType(alt)) {
                return true;
            }
        }
        return asMap(schemaObject).get("type") instanceof List<?> types && types.contains("null");
    }

    private static boolean isNullType(Object schemaObject) {
        return "null".equals(asMap(schemaObject).get("type"));
    }

    private static String type(Map<String, Object> s) {
        Object t = s.get("type");
        if (t instanceof List<?> types) {
            return types.stream().map(String::valueOf).filter(x -> !"null".equals(x)).findFirst().orElse("null");
        }
        return (String) t;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> alternatives(Map<String, Object> s) {
        List<Object> alts = new ArrayList<>();
        for (String key : new String[] {"oneOf", "anyOf"}) {
            if (s.get(key) instanceof List<?> l) {
                alts.addAll((List<Object>) l);
            }
        }
        return alts;
    }

    private Map<String, Object> deref(Map<String, Object> s) {
        String r = ref(s);
        return r == null ? s : schema(r);
    }

    private static String ref(Object schemaObject) {
        Object r = asMap(schemaObject).get("$ref");
        return r == null ? null : ((String) r).substring(((String) r).lastIndexOf('/') + 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static JsonNode toNode(Object yamlValue) {
        return PLAIN.valueToTree(yamlValue);
    }
}

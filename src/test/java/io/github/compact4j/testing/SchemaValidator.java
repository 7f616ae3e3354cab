package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.internal.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small JSON Schema validator for the subset OpenAI's OpenAPI document uses: {@code type},
 * {@code enum}, {@code const}, {@code properties}, {@code required}, {@code additionalProperties},
 * {@code items}, {@code anyOf}, {@code oneOf}, {@code allOf}, {@code $ref} (with sibling keywords,
 * as OpenAPI 3.1 allows), {@code $recursiveRef}/{@code $recursiveAnchor}, string and array
 * lengths, {@code pattern}, {@code minimum}/{@code maximum}, {@code maxProperties} and
 * {@code propertyNames}. Annotations ({@code description}, {@code format}, {@code discriminator},
 * {@code x-*}, ...) are ignored. Any other keyword fails loudly, so a schema the validator does not
 * understand can never pass by accident.
 *
 * <p>{@code oneOf} is checked as "at least one branch matches". The document's unions overlap: a
 * message with {@code "type":"message"} and a content array is both an {@code EasyInputMessage}
 * and an {@code InputMessage} branch of {@code InputItem}, so a strict exactly-one check would
 * reject valid input that the API accepts; OpenAI's SDKs treat these unions as plain unions too.
 * {@link #strictOneOfViolations} counts the overlaps for who wants to see them.
 */
public final class SchemaValidator {

    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples", "default",
            "deprecated", "format", "discriminator", "readOnly", "writeOnly", "externalDocs", "$recursiveAnchor",
            "nullable", "$comment", "contentEncoding", "contentMediaType");

    private final OpenApiSpec spec;
    private int strictOneOfViolations;

    /**
     * @param spec the document whose {@code components.schemas} the validator checks against
     */
    public SchemaValidator(OpenApiSpec spec) {
        this.spec = spec;
    }

    /** @return how many {@code oneOf}s matched more than one branch in the validations so far */
    public int strictOneOfViolations() {
        return strictOneOfViolations;
    }

    /**
     * @param schemaName a name under {@code components.schemas}
     * @param value the JSON to check
     * @return the problems found, each with its JSON path; empty when valid
     */
    public List<String> validate(String schemaName, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(spec.schema(schemaName), value, "$", errors, new ArrayDeque<>());
        return errors;
    }

    @SuppressWarnings("unchecked")
    private void check(Object schemaObject, JsonNode v, String path, List<String> errors, Deque<Object> anchors) {
        if (Boolean.TRUE.equals(schemaObject)) {
            return;
        }
        if (Boolean.FALSE.equals(schemaObject)) {
            errors.add(path + ": no value is allowed here");
            return;
        }
        Map<String, Object> s = (Map<String, Object>) schemaObject;
        boolean anchored = Boolean.TRUE.equals(s.get("$recursiveAnchor"));
        if (anchored) {
            anchors.push(s);
        }
        try {
            for (Map.Entry<String, Object> e : s.entrySet()) {
                String k = e.getKey();
                Object arg = e.getValue();
                if (ANNOTATIONS.contains(k) || k.startsWith("x-")) {
                    continue;
                }
                switch (k) {
                    case "$ref" -> check(resolve((String) arg), v, path, errors, anchors);
                    case "$recursiveRef" -> {
                        if (!"#".equals(arg) || anchors.isEmpty()) {
                            throw new IllegalStateException("unsupported $recursiveRef " + arg + " at " + path);
                        }
                        check(anchors.peek(), v, path, errors, anchors);
                    }
                    case "type" -> checkType(arg, v, path, errors);
                    case "enum" -> {
                        boolean found = false;
                        for (Object option : (List<Object>) arg) {
                            found |= Json.MAPPER.valueToTree(option).equals(v);
                        }
                        if (!found) {
                            errors.add(path + ": " + v + " is not one of " + arg);
                        }
                    }
                    case "const" -> {
                        if (!Json.MAPPER.valueToTree(arg).equals(v)) {
                            errors.add(path + ": expected " + arg + " but found " + v);
                        }
                    }
                    case "properties" -> {
                        if (v.isObject()) {
                            for (Map.Entry<String, Object> p : ((Map<String, Object>) arg).entrySet()) {
                                JsonNode child = v.get(p.getKey());
                                if (child != null) {
                                    check(p.getValue(), child, path + "." + p.getKey(), errors, anchors);
                                }
                            }
                        }
                    }
                    case "required" -> {
                        if (v.isObject()) {
                            for (Object name : (List<Object>) arg) {
                                if (!v.has((String) name)) {
                                    errors.add(path + ": required property '" + name + "' is missing");
                                }
                            }
                        }
                    }
                    case "additionalProperties" -> {
                        if (v.isObject()) {
                            Map<String, Object> declared = (Map<String, Object>) s.getOrDefault("properties", Map.of());
                            Iterator<String> names = v.fieldNames();
                            while (names.hasNext()) {
                                String name = names.next();
                                if (!declared.containsKey(name)) {
                                    check(arg, v.get(name), path + "." + name, errors, anchors);
                                }
                            }
                        }
                    }
                    case "propertyNames" -> {
                        if (v.isObject()) {
                            Iterator<String> names = v.fieldNames();
                            while (names.hasNext()) {
                                String name = names.next();
                                check(arg, Json.NODES.textNode(name), path + "{" + name + "}", errors, anchors);
                            }
                        }
                    }
                    case "items" -> {
                        if (v.isArray()) {
                            for (int i = 0; i < v.size(); i++) {
                                check(arg, v.get(i), path + "[" + i + "]", errors, anchors);
                            }
                        }
                    }
                    case "anyOf", "oneOf" -> {
                        List<Object> branches = (List<Object>) arg;
                        int matches = 0;
                        List<String> closest = null;
                        for (Object branch : branches) {
                            List<String> branchErrors = new ArrayList<>();
                            check(branch, v, path, branchErrors, anchors);
                            if (branchErrors.isEmpty()) {
                                matches++;
                            } else if (closest == null || branchErrors.size() < closest.size()) {
                                closest = branchErrors;
                            }
                        }
                        if (matches == 0) {
                            errors.add(path + ": matches none of the " + branches.size() + " alternatives of " + k
                                    + "; the closest fails with " + closest);
                        } else if (matches > 1 && k.equals("oneOf")) {
                            strictOneOfViolations++;
                        }
                    }
                    case "allOf" -> {
                        for (Object branch : (List<Object>) arg) {
                            check(branch, v, path, errors, anchors);
                        }
                    }
                    case "maxLength", "minLength" -> {
                        if (v.isTextual()) {
                            int len = v.textValue().codePointCount(0, v.textValue().length());
                            int bound = ((Number) arg).intValue();
                            if (k.equals("maxLength") ? len > bound : len < bound) {
                                errors.add(path + ": length " + len + " breaks " + k + " " + bound);
                            }
                        }
                    }
                    case "maxItems", "minItems" -> {
                        if (v.isArray()) {
                            int bound = ((Number) arg).intValue();
                            if (k.equals("maxItems") ? v.size() > bound : v.size() < bound) {
                                errors.add(path + ": " + v.size() + " items breaks " + k + " " + bound);
                            }
                        }
                    }
                    case "maxProperties" -> {
                        if (v.isObject() && v.size() > ((Number) arg).intValue()) {
                            errors.add(path + ": " + v.size() + " properties breaks maxProperties " + arg);
                        }
                    }
                    case "pattern" -> {
                        if (v.isTextual() && !Pattern.compile((String) arg).matcher(v.textValue()).find()) {
                            errors.add(path + ": '" + v.textValue() + "' does not match " + arg);
                        }
                    }
                    case "minimum", "maximum" -> {
                        if (v.isNumber()) {
                            double bound = ((Number) arg).doubleValue();
                            if (k.equals("minimum") ? v.doubleValue() < bound : v.doubleValue() > bound) {
                                errors.add(path + ": " + v + " breaks " + k + " " + bound);
                            }
                        }
                    }
                    default -> throw new IllegalStateException("the validator does not support the keyword '" + k
                            + "' (at " + path + "); extend it rather than ignore it");
                }
            }
        } finally {
            if (anchored) {
                anchors.pop();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkType(Object arg, JsonNode v, String path, List<String> errors) {
        List<Object> types = arg instanceof List ? (List<Object>) arg : List.of(arg);
        for (Object t : types) {
            if (hasType((String) t, v)) {
                return;
            }
        }
        errors.add(path + ": expected " + arg + " but found " + v.getNodeType().name().toLowerCase());
    }

    private static boolean hasType(String type, JsonNode v) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.canConvertToExactIntegral());
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            case "null" -> v.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private Object resolve(String ref) {
        String prefix = "#/components/schemas/";
        if (!ref.startsWith(prefix)) {
            throw new IllegalStateException("unsupported $ref " + ref);
        }
        return spec.schema(ref.substring(prefix.length()));
    }
}

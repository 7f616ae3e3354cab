package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.internal.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The parser's limits, applied to JSON trees handed to the library. The parser holds text to
 * them (nesting, string, field-name and number lengths) and only ever makes values JSON text can
 * hold; a tree built in memory has no such guard (it may hold a NaN, or a binary node), yet the
 * library's copies and writers recurse, and what it writes must read back as what it read. So a
 * tree entry point checks here first, counting nesting exactly as the parser would for the same
 * JSON text. The walk is iterative: it must not fail on the very trees it exists to reject.
 */
final class TreeLimits {

    private static final StreamReadConstraints LIMITS = Json.MAPPER.getFactory().streamReadConstraints();

    /** The longest field name an error's path quotes; longer ones are cut. */
    private static final int QUOTED_NAME_CHARS = 64;

    /**
     * What breaks a limit, and where.
     *
     * @param path from the checked root to the offending value, field names as {@code String}s and
     *     array indexes as {@code Integer}s
     * @param problem what is wrong, ready for an error message
     */
    record Violation(List<Object> path, String problem) {}

    private TreeLimits() {}

    /** One container on the walk, linked to its parent so the path to it can be told. */
    private static final class Frame {
        final JsonNode node;
        final int depth;
        final Frame parent;
        /** The field name leading here, or null when an array index does. */
        final String name;
        final int index;

        Frame(JsonNode node, int depth, Frame parent, String name, int index) {
            this.node = node;
            this.depth = depth;
            this.parent = parent;
            this.name = name;
            this.index = index;
        }
    }

    /**
     * Finds the first value of a tree that the parser would have rejected in text.
     *
     * @param root the tree
     * @param rootDepth the level of {@code root} itself: 1 for a whole document, 2 for an element
     *     of the outermost array, and so on
     * @return null when the tree is within every limit
     */
    static Violation check(JsonNode root, int rootDepth) {
        if (root == null) {
            return null;
        }
        if (!root.isContainerNode()) {
            String problem = scalarProblem(root);
            return problem == null ? null : new Violation(List.of(), problem);
        }
        if (rootDepth > LIMITS.getMaxNestingDepth()) {
            return new Violation(List.of(), depthProblem());
        }
        ArrayDeque<Frame> todo = new ArrayDeque<>();
        todo.push(new Frame(root, rootDepth, null, null, -1));
        while (!todo.isEmpty()) {
            Frame f = todo.pop();
            if (f.node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = f.node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getKey().length() > LIMITS.getMaxNameLength()) {
                        return new Violation(path(f), "a field name of " + e.getKey().length()
                                + " characters, longer than the " + LIMITS.getMaxNameLength() + " the library accepts");
                    }
                    Violation v = child(todo, f, e.getValue(), e.getKey(), -1);
                    if (v != null) {
                        return v;
                    }
                }
            } else {
                for (int i = 0; i < f.node.size(); i++) {
                    Violation v = child(todo, f, f.node.get(i), null, i);
                    if (v != null) {
                        return v;
                    }
                }
            }
        }
        return null;
    }

    private static Violation child(ArrayDeque<Frame> todo, Frame parent, JsonNode v, String name, int index) {
        if (v.isContainerNode()) {
            Frame c = new Frame(v, parent.depth + 1, parent, name, index);
            if (c.depth > LIMITS.getMaxNestingDepth()) {
                return new Violation(path(c), depthProblem());
            }
            todo.push(c);
            return null;
        }
        String problem = scalarProblem(v);
        return problem == null ? null : new Violation(path(new Frame(v, parent.depth + 1, parent, name, index)), problem);
    }

    private static String scalarProblem(JsonNode v) {
        // nodes no parser makes: written out, they would come back as something else or not at all
        if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
            return "a number JSON cannot represent (" + v.asText() + ")";
        }
        if (v.isBinary() || v.isPojo() || v.isMissingNode()) {
            return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " node, which JSON text cannot hold";
        }
        if (v.isTextual() && v.textValue().length() > LIMITS.getMaxStringLength()) {
            return "a string of " + v.textValue().length() + " characters, longer than the "
                    + LIMITS.getMaxStringLength() + " the library accepts";
        }
        // digits, not text length: a tree keeps no spelling, and its writer picks the shortest
        int digits = v.isBigDecimal() ? v.decimalValue().precision()
                : v.isBigInteger() ? v.bigIntegerValue().abs().toString().length() : 0;
        if (digits > LIMITS.getMaxNumberLength()) {
            return "a number of " + digits + " digits, more than the " + LIMITS.getMaxNumberLength()
                    + " the library accepts";
        }
        return null;
    }

    private static String depthProblem() {
        return "nested more than " + LIMITS.getMaxNestingDepth() + " levels deep, counted from the outermost array"
                + " or object as when the same JSON is read from text; that is the most the library accepts, so"
                + " flatten or drop that value";
    }

    private static List<Object> path(Frame f) {
        List<Object> p = new ArrayList<>(f.depth);
        for (Frame x = f; x.parent != null; x = x.parent) {
            p.add(x.name != null ? x.name : (Object) x.index);
        }
        Collections.reverse(p);
        return p;
    }

    /**
     * A path as an error's field, e.g. {@code content[0].input}: up to its second field name,
     * without the long run of indexes or names that makes a deep nesting, which would say nothing.
     *
     * @param path a violation's path
     * @param from the first segment to show
     * @return the field, or null when no field name is left to show
     */
    static String field(List<Object> path, int from) {
        StringBuilder sb = new StringBuilder();
        int names = 0;
        int lastNameEnd = 0;
        for (int i = from; i < path.size() && names < 2; i++) {
            Object seg = path.get(i);
            if (seg instanceof String name) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(name.length() <= QUOTED_NAME_CHARS ? name : name.substring(0, QUOTED_NAME_CHARS) + "...");
                names++;
                lastNameEnd = sb.length();
            } else {
                sb.append('[').append(seg).append(']');
            }
        }
        // indexes after the last name are the nesting itself; with no name at all, nothing is named
        sb.setLength(lastNameEnd);
        return names == 0 ? null : sb.toString();
    }
}

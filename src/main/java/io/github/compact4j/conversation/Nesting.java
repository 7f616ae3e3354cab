package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.internal.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The nesting limit for JSON trees handed to the library. The parser holds text to
 * {@link Json#MAX_DEPTH}; a tree built in memory has no such guard, and the library's copies and
 * writers recurse, so a tree entry point checks depth here first, counting levels exactly as the
 * parser would for the same JSON text. The walk itself is iterative: it must not fail on the
 * very trees it exists to reject.
 */
final class Nesting {

    /** What the error says, after the place. */
    static final String PROBLEM = "nested more than " + Json.MAX_DEPTH + " levels deep, counted from the outermost"
            + " array or object as when the same JSON is read from text; that is the most the library accepts,"
            + " so flatten or drop that value";

    private Nesting() {}

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
     * Finds the first array or object in a tree nested deeper than {@link Json#MAX_DEPTH}.
     *
     * @param root the tree
     * @param rootDepth the level of {@code root} itself: 1 for a whole document, 2 for an element
     *     of the outermost array, and so on
     * @return null when the tree is within the limit; otherwise the path from {@code root} to the
     *     first container past it, field names as {@code String}s and array indexes as
     *     {@code Integer}s (empty when {@code root} itself is past it)
     */
    static List<Object> tooDeep(JsonNode root, int rootDepth) {
        if (root == null || !root.isContainerNode()) {
            return null;
        }
        if (rootDepth > Json.MAX_DEPTH) {
            return List.of();
        }
        ArrayDeque<Frame> todo = new ArrayDeque<>();
        todo.push(new Frame(root, rootDepth, null, null, -1));
        while (!todo.isEmpty()) {
            Frame f = todo.pop();
            if (f.node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = f.node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isContainerNode()) {
                        Frame c = new Frame(e.getValue(), f.depth + 1, f, e.getKey(), -1);
                        if (c.depth > Json.MAX_DEPTH) {
                            return path(c);
                        }
                        todo.push(c);
                    }
                }
            } else {
                for (int i = 0; i < f.node.size(); i++) {
                    JsonNode v = f.node.get(i);
                    if (v.isContainerNode()) {
                        Frame c = new Frame(v, f.depth + 1, f, null, i);
                        if (c.depth > Json.MAX_DEPTH) {
                            return path(c);
                        }
                        todo.push(c);
                    }
                }
            }
        }
        return null;
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
     * without the long run of indexes or names that makes the nesting, which would say nothing.
     *
     * @param path a path from {@link #tooDeep}
     * @param from the first segment to show
     * @return the field, or null when nothing is left to name
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
                sb.append(name);
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

package io.github.compact4j.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short text with {@code {name}} variables, e.g. the placeholder that replaces a masked output.
 * Parsed once when the compactor is built, so a typo in a variable name fails the build of the
 * compactor rather than leaking {@code {tokns}} into a conversation.
 *
 * <p>A template also recognises its own renderings: masking a conversation twice must not mask a
 * placeholder again, whatever wording the user chose.
 */
final class Template {

    /** Variable values (tool names, call ids, figures) together are never longer than this. */
    private static final int MAX_VALUE_CHARS = 4096;

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_]+)}");

    private final String source;
    /** Literal text and variable names, alternating, starting with literal text (maybe empty). */
    private final List<String> segments;
    private final Pattern rendering;

    private Template(String source, List<String> segments, Pattern rendering) {
        this.source = source;
        this.segments = segments;
        this.rendering = rendering;
    }

    /**
     * @param what what the template is for, for error messages, e.g. {@code "placeholder"}
     * @param source the template text
     * @param variables the variable names it may use
     * @return the parsed template
     * @throws IllegalArgumentException when it uses an unknown variable or has too little literal
     *     text to be recognised again
     */
    static Template parse(String what, String source, Set<String> variables) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        List<String> segments = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        Matcher m = VARIABLE.matcher(source);
        int at = 0;
        int literalChars = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!variables.contains(name)) {
                throw new IllegalArgumentException(what + " uses unknown variable {" + name + "} at character "
                        + m.start() + "; known: " + sortedBraced(variables));
            }
            literal.append(source, at, m.start());
            segments.add(literal.toString());
            regex.append(Pattern.quote(literal.toString())).append("[\\s\\S]*?");
            literalChars += literal.toString().strip().length();
            literal.setLength(0);
            segments.add(name);
            at = m.end();
        }
        literal.append(source, at, source.length());
        segments.add(literal.toString());
        regex.append(Pattern.quote(literal.toString()));
        literalChars += literal.toString().strip().length();
        if (literalChars < 3) {
            throw new IllegalArgumentException(what + " needs some fixed wording (3 characters or more) besides its"
                    + " variables, so that it can be told apart from a tool's own output: '" + source + "'");
        }
        return new Template(source, List.copyOf(segments), Pattern.compile(regex.toString()));
    }

    /**
     * @param values a value for every variable the template uses
     * @return the template with its variables filled in
     */
    String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(source.length() + 32);
        for (int i = 0; i < segments.size(); i++) {
            if (i % 2 == 0) {
                sb.append(segments.get(i));
            } else {
                String v = values.get(segments.get(i));
                if (v == null) {
                    throw new IllegalStateException("no value for {" + segments.get(i) + "}");
                }
                sb.append(v);
            }
        }
        return sb.toString();
    }

    /**
     * @param text any text
     * @return whether the text is, as a whole, a rendering of this template
     */
    boolean isRendering(String text) {
        // a rendering is short; the length check also keeps the lazy regex off huge outputs
        return text.length() <= source.length() + MAX_VALUE_CHARS && rendering.matcher(text).matches();
    }

    String source() {
        return source;
    }

    private static String sortedBraced(Set<String> names) {
        return names.stream().sorted().map(n -> "{" + n + "}").reduce((a, b) -> a + ", " + b).orElse("none");
    }

    @Override
    public String toString() {
        return source;
    }
}

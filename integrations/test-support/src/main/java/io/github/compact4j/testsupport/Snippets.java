package io.github.compact4j.testsupport;

import java.util.ArrayList;
import java.util.List;

/** Reads a snippet out of a test's source or a Markdown page, to compare the two. */
public final class Snippets {

    private Snippets() {}

    /**
     * @param lines a file's lines
     * @param begin the marker line before the snippet (compared without surrounding blanks)
     * @param end the marker line after it
     * @return the lines strictly between the two, without their common indentation
     */
    public static List<String> between(List<String> lines, String begin, String end) {
        return between(lines, 0, begin, end);
    }

    /**
     * @param lines a Markdown page's lines
     * @return its first fenced Java block
     */
    public static List<String> firstJavaBlock(List<String> lines) {
        return between(lines, 0, "```java", "```");
    }

    /**
     * @param lines a Markdown page's lines
     * @param heading a line of the page, such as a section heading
     * @return the first fenced Java block after it
     */
    public static List<String> javaBlockAfter(List<String> lines, String heading) {
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError("no line " + heading);
        }
        return between(lines, at, "```java", "```");
    }

    private static List<String> between(List<String> lines, int from, String begin, String end) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : lines.subList(from, lines.size())) {
            if (!in && line.strip().equals(begin)) {
                in = true;
            } else if (in && line.strip().equals(end)) {
                break;
            } else if (in) {
                out.add(line);
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("no lines between " + begin + " and " + end);
        }
        int indent = out.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min()
                .orElse(0);
        return out.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }
}

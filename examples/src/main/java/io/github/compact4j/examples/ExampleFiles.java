package io.github.compact4j.examples;

/** Made-up source files for the framework examples' {@code readFile} tools: large enough to fill a budget. */
final class ExampleFiles {

    private ExampleFiles() {}

    static String content(String path) {
        StringBuilder sb = new StringBuilder("// ").append(path).append('\n');
        for (int i = 0; i < 20; i++) {
            sb.append("public int method").append(i).append("(int x) { return x * ").append(i).append(" + ")
                    .append(path.length()).append("; }\n");
        }
        return sb.toString();
    }
}

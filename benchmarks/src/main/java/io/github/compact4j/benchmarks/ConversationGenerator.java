package io.github.compact4j.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Makes a coding agent's conversation in the Responses item format, as long as asked and the same
 * for the same seed: a system prompt and a task, then turns of reasoning, tool calls (read a file,
 * grep, run a command, list a directory, apply a patch) with outputs of realistic size and shape,
 * the agent's remarks and the user's follow-ups.
 *
 * <p>Sizes: a tool output runs from a few lines (grep, patch) to about eighty lines of source or
 * build log; reasoning items carry 0.6-2.4 KB of encrypted content. Averaged over a long
 * conversation an item is about 200 {@code o200k_base} tokens.
 */
public final class ConversationGenerator {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final String[] PACKAGES = {"com.acme.billing", "com.acme.billing.invoice", "com.acme.parser",
        "com.acme.parser.lexer", "com.acme.http", "com.acme.storage", "com.acme.storage.cache", "com.acme.api"};
    private static final String[] TYPES = {"InvoiceService", "Lexer", "TokenStream", "HttpRetrier", "CacheEntry",
        "Ledger", "RateLimiter", "SchemaValidator", "OrderRepository", "Money", "Currency", "ParseResult",
        "RetryPolicy", "BlobStore", "CustomerId", "TaxRule"};
    private static final String[] NAMES = {"invoice", "tokens", "retries", "entry", "ledger", "limit", "schema",
        "orders", "amount", "currency", "result", "policy", "store", "customerId", "rules", "buffer", "offset"};
    private static final String[] METHODS = {"compute", "next", "parse", "validate", "apply", "lookup", "refresh",
        "toMinorUnits", "flush", "resolve", "merge", "snapshot", "close", "accept", "retryAfter"};
    private static final String[] WORDS = {"the", "parser", "now", "rejects", "empty", "input", "because", "lexer",
        "returns", "a", "null", "token", "at", "end", "of", "stream", "so", "test", "fails", "fix", "should", "handle",
        "case", "before", "calling", "next", "rounding", "invoice", "total", "differs", "by", "one", "cent", "when",
        "currency", "has", "three", "decimals", "cache", "entry", "expires", "early", "retry", "policy", "ignores",
        "Retry-After", "header", "I", "will", "check", "file", "first", "then", "run", "suite", "again"};
    private static final String[] COMMANDS = {"mvn -q test -Dtest=%sTest", "mvn -q -o verify", "git diff --stat",
        "git log --oneline -5", "./gradlew test --tests %sTest", "java -jar target/app.jar --dry-run"};

    private final Random random;
    private int callSeq;
    private long clock = 1_767_000_000L;

    /** @param seed the same seed gives the same conversation */
    public ConversationGenerator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param size how many items
     * @return a conversation of exactly that many items, starting with a system prompt and a task
     */
    public List<Item> conversation(int size) {
        List<Item> items = new ArrayList<>(size + 8);
        items.add(message("system", "You are a coding agent working in a Java repository. Use the tools to read, "
                + "search and change files, run the build, and explain what you changed."));
        items.add(message("user", "The build fails on main: " + sentence(25) + ". Please find the cause and fix it."));
        while (items.size() < size) {
            turn(items);
        }
        return new ArrayList<>(items.subList(0, size));
    }

    /**
     * @param size how many items
     * @return items as they arrive in the middle of a conversation (no system prompt), exactly that many
     */
    public List<Item> turns(int size) {
        List<Item> items = new ArrayList<>(size + 8);
        while (items.size() < size) {
            turn(items);
        }
        return new ArrayList<>(items.subList(0, size));
    }

    private void turn(List<Item> items) {
        int r = random.nextInt(100);
        if (r < 6) {
            items.add(message("user", sentence(8 + random.nextInt(30)) + "?"));
            return;
        }
        if (r < 14) {
            items.add(message("assistant", sentence(20 + random.nextInt(60)) + "."));
            return;
        }
        if (r < 45) {
            items.add(reasoning());
        }
        String callId = "call_" + Integer.toString(++callSeq, 36) + Long.toString(random.nextLong() & 0xffffffL, 36);
        switch (random.nextInt(5)) {
            case 0 -> {
                String path = path();
                int start = 1 + random.nextInt(200);
                items.add(call(callId, "read_file", "{\"path\":\"" + path + "\",\"start_line\":" + start
                        + ",\"end_line\":" + (start + 80) + "}"));
                items.add(output(callId, source(start, 20 + random.nextInt(60))));
            }
            case 1 -> {
                String word = pick(METHODS);
                items.add(call(callId, "grep", "{\"pattern\":\"" + word + "\\\\(\",\"path\":\"src\"}"));
                StringBuilder sb = new StringBuilder();
                for (int i = 0, n = 2 + random.nextInt(20); i < n; i++) {
                    sb.append(path()).append(':').append(1 + random.nextInt(400)).append(": ").append(codeLine())
                            .append('\n');
                }
                items.add(output(callId, sb.toString()));
            }
            case 2 -> {
                String cmd = String.format(pick(COMMANDS), pick(TYPES));
                items.add(call(callId, "run_command", "{\"command\":\"" + cmd + "\",\"timeout_ms\":120000}"));
                items.add(output(callId, buildLog(10 + random.nextInt(45))));
            }
            case 3 -> {
                String dir = "src/main/java/" + pick(PACKAGES).replace('.', '/');
                items.add(call(callId, "list_dir", "{\"path\":\"" + dir + "\"}"));
                StringBuilder sb = new StringBuilder();
                for (int i = 0, n = 4 + random.nextInt(25); i < n; i++) {
                    sb.append(random.nextInt(6) == 0 ? "d " : "- ").append(pick(TYPES)).append(random.nextInt(6) == 0
                            ? "/" : ".java  " + (200 + random.nextInt(20_000)) + " bytes").append('\n');
                }
                items.add(output(callId, sb.toString()));
            }
            default -> {
                String path = path();
                String patch = "*** Begin Patch\n*** Update File: " + path + "\n@@ " + codeLine() + "\n-" + codeLine()
                        + "\n+" + codeLine() + "\n+" + codeLine() + "\n*** End Patch";
                ObjectNode args = F.objectNode().put("patch", patch);
                items.add(call(callId, "apply_patch", args.toString()));
                items.add(output(callId, "Done. Updated 1 file: " + path));
            }
        }
    }

    private Item message(String role, String text) {
        ObjectNode n = F.objectNode();
        n.put("type", "message");
        n.put("role", role);
        if ("assistant".equals(role)) {
            n.put("id", "msg_" + Long.toHexString(random.nextLong()));
            n.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
            n.put("status", "completed");
        } else {
            n.put("content", text);
        }
        return ResponsesItems.fromJsonNode(n);
    }

    private Item reasoning() {
        ObjectNode n = F.objectNode();
        n.put("type", "reasoning");
        n.put("id", "rs_" + Long.toHexString(random.nextLong()));
        n.putArray("summary").addObject().put("type", "summary_text").put("text", "**Checking** " + sentence(15 + random.nextInt(40)));
        byte[] enc = new byte[600 + random.nextInt(1_800)];
        random.nextBytes(enc);
        n.put("encrypted_content", Base64.getEncoder().encodeToString(enc));
        return ResponsesItems.fromJsonNode(n);
    }

    private Item call(String callId, String name, String arguments) {
        ObjectNode n = F.objectNode();
        n.put("type", "function_call");
        n.put("id", "fc_" + Long.toHexString(random.nextLong()));
        n.put("call_id", callId);
        n.put("name", name);
        n.put("arguments", arguments);
        n.put("status", "completed");
        return ResponsesItems.fromJsonNode(n);
    }

    private Item output(String callId, String text) {
        ObjectNode n = F.objectNode();
        n.put("type", "function_call_output");
        n.put("call_id", callId);
        n.put("output", text);
        return ResponsesItems.fromJsonNode(n);
    }

    private String path() {
        return (random.nextInt(4) == 0 ? "src/test/java/" : "src/main/java/") + pick(PACKAGES).replace('.', '/') + "/"
                + pick(TYPES) + (random.nextInt(4) == 0 ? "Test" : "") + ".java";
    }

    private String source(int firstLine, int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(String.format("%5d  ", firstLine + i)).append(codeLine()).append('\n');
        }
        return sb.toString();
    }

    private String codeLine() {
        String t = pick(TYPES);
        String n = pick(NAMES);
        String m = pick(METHODS);
        return switch (random.nextInt(12)) {
            case 0 -> "import " + pick(PACKAGES) + "." + t + ";";
            case 1 -> "    private final " + t + " " + n + ";";
            case 2 -> "    public " + t + " " + m + "(" + pick(TYPES) + " " + pick(NAMES) + ") {";
            case 3 -> "        if (" + n + " == null || " + n + ".isEmpty()) {";
            case 4 -> "            throw new IllegalArgumentException(\"" + n + " must not be empty\");";
            case 5 -> "        return " + n + "." + m + "(" + pick(NAMES) + ", " + random.nextInt(1000) + ");";
            case 6 -> "        for (int i = 0; i < " + n + ".size(); i++) {";
            case 7 -> "        LOG.debug(\"" + m + " took {} ms for {}\", elapsed, " + n + ");";
            case 8 -> "    // " + sentence(6 + random.nextInt(10));
            case 9 -> "    @Override";
            case 10 -> "    }";
            default -> "        " + t + " " + n + " = " + pick(NAMES) + "." + m + "();";
        };
    }

    private String buildLog(int lines) {
        StringBuilder sb = new StringBuilder();
        String t = pick(TYPES);
        for (int i = 0; i < lines; i++) {
            clock += random.nextInt(3);
            switch (random.nextInt(8)) {
                case 0 -> sb.append("[INFO] Tests run: ").append(random.nextInt(60)).append(", Failures: ")
                        .append(random.nextInt(3)).append(", Errors: 0, Skipped: ").append(random.nextInt(2))
                        .append(", Time elapsed: ").append(random.nextInt(3)).append('.').append(random.nextInt(1000))
                        .append(" s - in ").append(pick(PACKAGES)).append('.').append(t).append("Test");
                case 1 -> sb.append("[ERROR] ").append(t).append("Test.").append(pick(METHODS)).append(':')
                        .append(random.nextInt(300)).append(" expected: <").append(random.nextInt(100))
                        .append("> but was: <").append(random.nextInt(100)).append('>');
                case 2, 3 -> sb.append("\tat ").append(pick(PACKAGES)).append('.').append(pick(TYPES)).append('.')
                        .append(pick(METHODS)).append('(').append(pick(TYPES)).append(".java:")
                        .append(random.nextInt(500)).append(')');
                case 4 -> sb.append("[INFO] --- maven-surefire-plugin:3.5.2:test (default-test) @ acme-")
                        .append(pick(NAMES).toLowerCase()).append(" ---");
                case 5 -> sb.append(clock).append(" DEBUG ").append(pick(PACKAGES)).append('.').append(t).append(" - ")
                        .append(sentence(5 + random.nextInt(8)));
                case 6 -> sb.append("[WARNING] ").append(sentence(6 + random.nextInt(10)));
                default -> sb.append("[INFO] ").append(random.nextBoolean() ? "BUILD FAILURE" : "BUILD SUCCESS");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private String sentence(int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(random.nextInt(9) == 0 ? pick(TYPES) : pick(WORDS));
        }
        sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        return sb.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}

package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Realistic agent conversations in the Responses item format, for property tests and benchmarks.
 *
 * <p>A conversation is a head (0-2 system/developer messages, then the task as the first user
 * message), sometimes the trace of an earlier compaction (a {@code compaction} item or a summary
 * message), then {@code turns} model steps. A step is what one model response does, optionally
 * after a user message: reasoning items right before what they precede, hosted tool items
 * ({@code web_search_call}, {@code mcp_call}), commentary, then either tool calls followed by
 * their results (parallel function calls answered in a shuffled order) or a final assistant
 * message, after which the next step starts with a user message. So
 * {@code Turns.turnStarts(items).size()} equals the number of steps.
 *
 * <p>Every call is answered exactly once, after it, and call ids are unique; only with
 * {@link Options#openCallsAtEnd(boolean)} do the last step's calls stay unanswered, as in a
 * conversation compacted while the agent waits for its tools.
 *
 * <pre>{@code
 * @Property
 * void keepsPairs(@ForAll("conversations") List<Item> items) { ... }
 *
 * @Provide
 * Arbitrary<List<Item>> conversations() {
 *     return Conversations.agentConversations(Conversations.options().turns(5, 40));
 * }
 *
 * List<Item> big = Conversations.generate(new Random(42), Conversations.options().turns(2000, 2000));
 * }</pre>
 *
 * <p>Under jqwik the number of steps shrinks, so a failing property is reported on a short
 * conversation; the seed that drives the rest does not shrink meaningfully.
 */
public final class Conversations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Conversations() {}

    /**
     * The knobs of the generator. Immutable: each {@code with} method returns a new value.
     *
     * @param minTurns the fewest model steps after the head
     * @param maxTurns the most model steps after the head
     * @param maxOutputChars the largest tool output, in characters
     * @param openCallsAtEnd whether the last step's calls are left without results
     */
    public record Options(int minTurns, int maxTurns, int maxOutputChars, boolean openCallsAtEnd) {

        /** Checks the ranges. */
        public Options {
            if (minTurns < 0 || maxTurns < minTurns) {
                throw new IllegalArgumentException("turns must satisfy 0 <= min <= max: " + minTurns + ".." + maxTurns);
            }
            if (maxOutputChars < 0) {
                throw new IllegalArgumentException("maxOutputChars must be >= 0: " + maxOutputChars);
            }
        }

        /**
         * @param min the fewest steps
         * @param max the most steps
         * @return options with that step range
         */
        public Options turns(int min, int max) {
            return new Options(min, max, maxOutputChars, openCallsAtEnd);
        }

        /**
         * @param chars the largest tool output, in characters
         * @return options with that bound
         */
        public Options maxOutputChars(int chars) {
            return new Options(minTurns, maxTurns, chars, openCallsAtEnd);
        }

        /**
         * @param open whether the last step's calls stay unanswered
         * @return options with that setting
         */
        public Options openCallsAtEnd(boolean open) {
            return new Options(minTurns, maxTurns, maxOutputChars, open);
        }
    }

    /** @return the defaults: 1 to 30 steps, tool outputs up to 40,000 characters, every call answered */
    public static Options options() {
        return new Options(1, 30, 40_000, false);
    }

    /** @return conversations with the default {@link #options()} */
    public static Arbitrary<List<Item>> agentConversations() {
        return agentConversations(options());
    }

    /**
     * @param options the shape of the conversations
     * @return conversations of that shape; the number of steps shrinks toward the minimum
     */
    public static Arbitrary<List<Item>> agentConversations(Options options) {
        return Combinators.combine(
                        Arbitraries.integers().between(options.minTurns(), options.maxTurns()),
                        Arbitraries.longs())
                .as((turns, seed) -> generate(new Random(seed), options.turns(turns, turns)));
    }

    /**
     * The same conversations without jqwik, for benchmarks and examples.
     *
     * @param random the source of every choice; the same seed gives the same conversation
     * @param options the shape
     * @return an unmodifiable conversation
     */
    public static List<Item> generate(Random random, Options options) {
        return new Builder(random, options).build();
    }

    /**
     * @param random the source of every choice
     * @return a conversation with the default {@link #options()}
     */
    public static List<Item> generate(Random random) {
        return generate(random, options());
    }

    /** Builds one conversation; holds the state that must stay consistent (ids, order). */
    private static final class Builder {
        private final Random rnd;
        private final Options opt;
        private final List<ObjectNode> out = new ArrayList<>();
        private final Set<String> ids = new HashSet<>();

        Builder(Random rnd, Options opt) {
            this.rnd = rnd;
            this.opt = opt;
        }

        List<Item> build() {
            head();
            int turns = opt.minTurns() + rnd.nextInt(opt.maxTurns() - opt.minTurns() + 1);
            earlierHistory();
            boolean needUser = false;
            for (int t = 0; t < turns; t++) {
                boolean last = t == turns - 1;
                if (needUser || (t > 0 && chance(0.05))) {
                    // after a final answer the agent waits for the user; rarely the user interjects
                    out.add(userMessage(pick(FOLLOW_UPS)));
                }
                needUser = step(last && opt.openCallsAtEnd());
            }
            List<Item> items = new ArrayList<>(out.size());
            for (ObjectNode n : out) {
                items.add(ResponsesItems.fromJsonNode(n));
            }
            return Collections.unmodifiableList(items);
        }

        private void head() {
            int instructions = rnd.nextInt(3);
            for (int i = 0; i < instructions; i++) {
                ObjectNode m = NODES.objectNode();
                if (chance(0.5)) {
                    m.put("type", "message");
                }
                m.put("role", i == 0 && chance(0.5) ? "system" : "developer");
                m.put("content", pick(INSTRUCTIONS));
                out.add(m);
            }
            out.add(userMessage(pick(TASKS)));
        }

        /** Sometimes the conversation was compacted before. */
        private void earlierHistory() {
            double r = rnd.nextDouble();
            if (r < 0.08) {
                if (chance(0.5)) {
                    out.add(userMessage(pick(FOLLOW_UPS)));
                }
                ObjectNode c = NODES.objectNode();
                c.put("type", "compaction");
                c.put("id", newId("cmp_"));
                c.put("encrypted_content", opaque(200 + rnd.nextInt(4000)));
                out.add(c);
            } else if (r < 0.14) {
                out.add(userMessage("Summary of the work so far: " + text(Kind.PROSE, 300 + rnd.nextInt(1500))));
            }
        }

        /** One model response and the app's answers to it; returns whether it ended with a final answer. */
        private boolean step(boolean leaveOpen) {
            if (chance(0.08)) {
                reasoning();
                out.add(hosted());
            }
            if (chance(0.6)) {
                reasoning();
            }
            double r = rnd.nextDouble();
            if (r < 0.15 && !leaveOpen) {
                out.add(assistant("final_answer", text(Kind.PROSE, 40 + rnd.nextInt(1200))));
                return true;
            }
            if (chance(0.2)) {
                out.add(assistant("commentary", text(Kind.PROSE, 20 + rnd.nextInt(200))));
            }
            List<ObjectNode> results = new ArrayList<>();
            if (r < 0.30) {
                int n = 2 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    results.add(functionCall());
                }
                Collections.shuffle(results, rnd);
            } else {
                results.add(otherCall(rnd.nextDouble()));
            }
            if (!leaveOpen) {
                out.addAll(results);
            }
            return false;
        }

        private void reasoning() {
            ObjectNode n = NODES.objectNode();
            n.put("type", "reasoning");
            n.put("id", newId("rs_"));
            ArrayNode summary = n.putArray("summary");
            if (chance(0.6)) {
                int parts = 1 + rnd.nextInt(2);
                for (int i = 0; i < parts; i++) {
                    summary.addObject().put("type", "summary_text").put("text", "**" + pick(THOUGHTS) + "**\n\n"
                            + text(Kind.PROSE, 60 + rnd.nextInt(400)));
                }
            }
            if (chance(0.7)) {
                n.put("encrypted_content", opaque(300 + rnd.nextInt(3000)));
            }
            out.add(n);
        }

        /** Adds a function call; returns its result, which the caller places. */
        private ObjectNode functionCall() {
            Tool tool = TOOLS[rnd.nextInt(TOOLS.length)];
            String callId = newId("call_");
            ObjectNode call = NODES.objectNode();
            call.put("type", "function_call");
            if (chance(0.7)) {
                call.put("id", newId("fc_"));
            }
            call.put("call_id", callId);
            call.put("name", tool.name);
            call.put("arguments", tool.arguments(this));
            if (chance(0.7)) {
                call.put("status", "completed");
            }
            out.add(call);

            ObjectNode result = NODES.objectNode();
            result.put("type", "function_call_output");
            result.put("call_id", callId);
            String output = text(tool.kind, outputSize());
            if (chance(0.1)) {
                result.putArray("output").addObject().put("type", "input_text").put("text", output);
            } else {
                result.put("output", output);
            }
            return result;
        }

        /** Adds one call of any kind; returns its result. */
        private ObjectNode otherCall(double r) {
            if (r < 0.6) {
                return functionCall();
            }
            String callId = newId("call_");
            ObjectNode call = NODES.objectNode();
            ObjectNode result = NODES.objectNode();
            if (r < 0.7) {
                call.put("type", "custom_tool_call").put("id", newId("ctc_")).put("call_id", callId)
                        .put("name", "run_sql").put("input", "SELECT id, status FROM invoices WHERE customer_id = "
                                + rnd.nextInt(10_000) + " ORDER BY created_at DESC LIMIT 20;");
                result.put("type", "custom_tool_call_output").put("call_id", callId)
                        .put("output", text(Kind.TABLE, outputSize()));
            } else if (r < 0.8) {
                call.put("type", "shell_call").put("id", newId("sh_")).put("call_id", callId);
                ObjectNode action = call.putObject("action");
                action.putArray("commands").add(pick(COMMANDS));
                action.put("timeout_ms", 120_000).put("max_output_length", 65_536);
                call.put("status", "completed");
                result.put("type", "shell_call_output").put("id", newId("sho_")).put("call_id", callId);
                ObjectNode chunk = result.putArray("output").addObject();
                int exit = chance(0.8) ? 0 : 1;
                chunk.put("stdout", text(Kind.LOG, outputSize()));
                chunk.put("stderr", exit == 0 ? "" : "error: process exited with status 1\n");
                chunk.putObject("outcome").put("type", "exit").put("exit_code", exit);
                result.put("max_output_length", 65_536);
            } else if (r < 0.85) {
                call.put("type", "local_shell_call").put("id", newId("lsh_")).put("call_id", callId);
                ObjectNode action = call.putObject("action");
                action.put("type", "exec");
                ArrayNode command = action.putArray("command");
                for (String word : pick(COMMANDS).split(" ")) {
                    command.add(word);
                }
                action.put("timeout_ms", 60_000).put("working_directory", "/workspace/billing");
                action.putObject("env").put("CI", "1");
                call.put("status", "completed");
                // the spec names the output's id as the call's id and also requires call_id
                result.put("type", "local_shell_call_output").put("id", callId).put("call_id", callId)
                        .put("output", text(Kind.LOG, outputSize()));
            } else if (r < 0.95) {
                String path = pick(PATHS);
                call.put("type", "apply_patch_call").put("id", newId("apc_")).put("call_id", callId)
                        .put("status", "completed");
                call.putObject("operation").put("type", "update_file").put("path", path)
                        .put("diff", "@@ -" + (10 + rnd.nextInt(200)) + ",3 +1,4 @@\n"
                                + "-        return total;\n+        return total.setScale(2, RoundingMode.HALF_EVEN);\n");
                result.put("type", "apply_patch_call_output").put("id", newId("apco_")).put("call_id", callId)
                        .put("status", chance(0.9) ? "completed" : "failed")
                        .put("output", "Updated " + path);
            } else {
                call.put("type", "computer_call").put("id", newId("cu_")).put("call_id", callId);
                call.putObject("action").put("type", "click").put("button", "left")
                        .put("x", rnd.nextInt(1280)).put("y", rnd.nextInt(800));
                call.putArray("pending_safety_checks");
                call.put("status", "completed");
                result.put("type", "computer_call_output").put("call_id", callId);
                result.putObject("output").put("type", "computer_screenshot")
                        .put("image_url", "data:image/png;base64," + opaque(200 + rnd.nextInt(outputSize() + 1)));
            }
            out.add(call);
            return result;
        }

        private ObjectNode hosted() {
            ObjectNode n = NODES.objectNode();
            if (chance(0.5)) {
                n.put("type", "web_search_call").put("id", newId("ws_")).put("status", "completed");
                ObjectNode action = n.putObject("action").put("type", "search");
                action.put("query", pick(SEARCHES));
                action.putArray("sources").addObject().put("type", "url")
                        .put("url", "https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/math/BigDecimal.html");
            } else {
                n.put("type", "mcp_call").put("id", newId("mcp_")).put("server_label", "jira")
                        .put("name", "get_issue").put("arguments", "{\"key\":\"BILL-" + rnd.nextInt(5000) + "\"}")
                        .put("output", text(Kind.PROSE, 100 + rnd.nextInt(800)));
                n.putNull("error");
                n.put("status", "completed");
            }
            return n;
        }

        private ObjectNode assistant(String phase, String text) {
            ObjectNode m = NODES.objectNode();
            m.put("id", newId("msg_"));
            m.put("type", "message");
            m.put("role", "assistant");
            m.put("status", "completed");
            ObjectNode part = m.putArray("content").addObject();
            part.put("type", "output_text");
            part.putArray("annotations");
            part.putArray("logprobs");
            part.put("text", text);
            if (chance(0.5)) {
                m.put("phase", phase);
            }
            return m;
        }

        private ObjectNode userMessage(String text) {
            ObjectNode m = NODES.objectNode();
            if (chance(0.5)) {
                m.put("type", "message");
            }
            m.put("role", "user");
            if (chance(0.5)) {
                m.put("content", text);
            } else {
                ArrayNode parts = m.putArray("content");
                parts.addObject().put("type", "input_text").put("text", text);
                if (chance(0.1)) {
                    parts.addObject().put("type", "input_image").put("detail", "auto")
                            .put("image_url", "data:image/png;base64," + opaque(400));
                }
            }
            return m;
        }

        /** Mostly small outputs, some pages, a few huge ones. */
        private int outputSize() {
            int max = opt.maxOutputChars();
            double r = rnd.nextDouble();
            int size;
            if (r < 0.55) {
                size = rnd.nextInt(300);
            } else if (r < 0.9) {
                size = 300 + rnd.nextInt(4_000);
            } else {
                size = 4_000 + rnd.nextInt(Math.max(1, max - 4_000 + 1));
            }
            return Math.min(size, max);
        }

        /** Text of roughly the given size, made of lines of one kind; never splits a surrogate pair. */
        String text(Kind kind, int size) {
            StringBuilder sb = new StringBuilder(size + 120);
            while (sb.length() < size) {
                sb.append(kind.line(this)).append('\n');
            }
            int end = Math.min(size, sb.length());
            if (end > 0 && Character.isHighSurrogate(sb.charAt(end - 1))) {
                end--;
            }
            return sb.substring(0, end);
        }

        /** Base64-looking text, like encrypted reasoning, compactions and screenshots. */
        private String opaque(int length) {
            char[] c = new char[length];
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (int i = 0; i < length; i++) {
                c[i] = alphabet.charAt(rnd.nextInt(alphabet.length()));
            }
            return "gAAAAAB" + new String(c);
        }

        private String newId(String prefix) {
            String id;
            do {
                id = prefix + Long.toHexString(rnd.nextLong() & 0xffffffffffffL) + Integer.toHexString(ids.size());
            } while (!ids.add(id));
            return id;
        }

        boolean chance(double p) {
            return rnd.nextDouble() < p;
        }

        <T> T pick(T[] options) {
            return options[rnd.nextInt(options.length)];
        }

        int nextInt(int bound) {
            return rnd.nextInt(bound);
        }
    }

    /** What a tool output looks like. */
    private enum Kind {
        CODE, LISTING, GREP, LOG, TABLE, PROSE;

        String line(Builder b) {
            return switch (this) {
                case CODE -> b.pick(CODE_LINES);
                case LISTING -> b.pick(PATHS);
                case GREP -> b.pick(PATHS) + ":" + (1 + b.nextInt(400)) + ":" + b.pick(CODE_LINES);
                case LOG -> b.pick(LOG_LINES);
                case TABLE -> "| inv_" + (10_000 + b.nextInt(90_000)) + " | " + b.pick(STATUSES) + " | "
                        + b.nextInt(5_000) + "." + (10 + b.nextInt(90)) + " |";
                case PROSE -> b.pick(PROSE_LINES);
            };
        }
    }

    /** A function the agent calls, with the kind of text it returns. */
    private record Tool(String name, Kind kind) {
        String arguments(Builder b) {
            ObjectNode a = NODES.objectNode();
            switch (name) {
                case "read_file" -> a.put("path", b.pick(PATHS));
                case "list_dir" -> a.put("path", "src/main/java").put("recursive", b.chance(0.5));
                case "grep" -> a.put("pattern", b.pick(new String[] {"BigDecimal", "setScale", "TODO", "Invoice\\b"}))
                        .put("path", ".");
                case "run_tests" -> a.put("module", "billing").put("filter", "InvoiceServiceTest");
                default -> a.put("query", "rounding mode for currency totals");
            }
            return a.toString();
        }
    }

    private static final Tool[] TOOLS = {
        new Tool("read_file", Kind.CODE), new Tool("read_file", Kind.CODE), new Tool("list_dir", Kind.LISTING),
        new Tool("grep", Kind.GREP), new Tool("run_tests", Kind.LOG), new Tool("search_docs", Kind.PROSE),
    };

    private static final String[] INSTRUCTIONS = {
        "You are a coding agent working in a Java repository. Use the tools to inspect files and run "
                + "commands. Keep changes minimal and explain what you changed.",
        "Never print secrets. Prefer reading a file over guessing its contents. Run the tests after every change.",
        "The repository uses Maven and Java 17. Format code with four-space indentation.",
    };

    private static final String[] TASKS = {
        "The invoice totals are off by a cent for some customers. Find out why and fix it.",
        "Add a CSV export to the billing report and cover it with a test.",
        "InvoiceServiceTest fails on CI since yesterday's merge: make it pass again without disabling it.",
        "Les totaux des factures en euros sont arrondis de façon incorrecte — corrige ça, s'il te plaît.",
    };

    private static final String[] FOLLOW_UPS = {
        "Thanks. Can you also check the credit notes, they use the same rounding?",
        "Please don't touch the public API of InvoiceService.",
        "Looks good. Now run the whole test suite.",
        "Wait — the tax rate table changed last week, take that into account.",
        "请同时更新一下 README 里的说明。",
    };

    private static final String[] THOUGHTS = {
        "Inspecting rounding in totals", "Locating the failing test", "Planning the patch",
        "Checking the tax table", "Verifying the fix",
    };

    private static final String[] SEARCHES = {
        "BigDecimal setScale HALF_EVEN currency", "Maven surefire rerun failing tests", "ISO 4217 minor units",
    };

    private static final String[] COMMANDS = {
        "mvn -q test -Dtest=InvoiceServiceTest", "git status --short", "git diff --stat",
        "ls -la src/main/java/com/acme/billing", "grep -rn setScale src", "cat pom.xml",
    };

    static final String[] PATHS = {
        "src/main/java/com/acme/billing/InvoiceService.java",
        "src/main/java/com/acme/billing/LineItem.java",
        "src/main/java/com/acme/billing/TaxTable.java",
        "src/main/java/com/acme/billing/CreditNote.java",
        "src/main/java/com/acme/billing/report/CsvReport.java",
        "src/test/java/com/acme/billing/InvoiceServiceTest.java",
        "src/main/resources/tax-rates.csv",
        "README.md",
        "pom.xml",
    };

    private static final String[] CODE_LINES = {
        "package com.acme.billing;",
        "import java.math.BigDecimal;",
        "import java.math.RoundingMode;",
        "public final class InvoiceService {",
        "    private final TaxTable taxes;",
        "    public BigDecimal total(List<LineItem> items) {",
        "        BigDecimal total = BigDecimal.ZERO;",
        "        for (LineItem item : items) {",
        "            total = total.add(item.price().multiply(BigDecimal.valueOf(item.quantity())));",
        "        }",
        "        return total.setScale(2, RoundingMode.HALF_UP);",
        "    // TODO: the tax is applied per line, the invoice rounds once",
        "    @Test void totalsRoundOnce() { assertEquals(new BigDecimal(\"10.01\"), service.total(items)); }",
        "        String label = \"Gesamtbetrag (inkl. MwSt.) — €\";",
        "}",
    };

    private static final String[] LOG_LINES = {
        "[INFO] Scanning for projects...",
        "[INFO] Building billing 1.4.0-SNAPSHOT",
        "[INFO] --- surefire:3.5.2:test (default-test) @ billing ---",
        "[INFO] Running com.acme.billing.InvoiceServiceTest",
        "[ERROR] Tests run: 14, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.412 s <<< FAILURE!",
        "[ERROR]   InvoiceServiceTest.totalsRoundOnce:88 expected: <10.01> but was: <10.02>",
        "[INFO] Tests run: 14, Failures: 0, Errors: 0, Skipped: 0",
        "[INFO] BUILD SUCCESS",
        " M src/main/java/com/acme/billing/InvoiceService.java",
        " 2 files changed, 9 insertions(+), 3 deletions(-)",
    };

    private static final String[] PROSE_LINES = {
        "The total is rounded after each line item instead of once per invoice, so cents accumulate.",
        "I changed InvoiceService.total to sum exact amounts and round once with HALF_EVEN.",
        "The failing assertion compares 10.01 with 10.02: a rounding difference, not a data problem.",
        "TaxTable reads tax-rates.csv at start-up; the new rates apply from the first of the month.",
        "Credit notes go through the same code path, so the fix covers them as well.",
        "Alle Tests laufen wieder durch; die Änderung betrifft nur die Rundung. ✅",
        "Next I will run the whole suite to make sure nothing else depends on the old behaviour.",
    };

    private static final String[] STATUSES = {"paid", "open", "overdue", "void"};
}

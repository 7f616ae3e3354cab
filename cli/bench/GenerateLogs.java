import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes a large JSON-lines log in the layout of the shipped logback-json.xml (logback's
 * JsonEncoder: MDC under "mdc", key-values under "kvpList"), for the logs throughput benchmark.
 *
 * <p>Lines follow what compact4j logs for a compaction, copied from a real run: DEBUG "started",
 * masking's DEBUG line, the INFO "succeeded" line, now and then a WARN fallback, and the app's
 * own INFO lines with the same MDC. 40 agents on 4 backends; every 50,000th compaction uses the
 * trace id given on the command line, so a search for it finds a handful of lines.
 *
 * <pre>java GenerateLogs.java OUT SIZE_MB TRACE_ID</pre>
 */
public final class GenerateLogs {

    private static final String[] BACKENDS = {"openai", "anthropic", "ollama", "gemini"};

    public static void main(String[] args) throws IOException {
        String out = args[0];
        long target = Long.parseLong(args[1]) << 20;
        String needle = args[2];
        SplittableRandom rnd = new SplittableRandom(20261123);
        long ts = 1_796_300_000_000L;
        long written = 0;
        long compactions = 0;
        StringBuilder sb = new StringBuilder(4096);
        try (OutputStream o = new BufferedOutputStream(new FileOutputStream(out), 1 << 20)) {
            while (written < target) {
                compactions++;
                String trace = compactions % 50_000 == 0 ? needle : hex(rnd, 32);
                String span = hex(rnd, 16);
                int agent = rnd.nextInt(40);
                String backend = BACKENDS[agent % BACKENDS.length];
                String mdc = "\"mdc\": {\"compact4j.agent_id\":\"agent_" + agent + "\",\"compact4j.strategy\":\"masking\","
                        + "\"compact4j.span_id\":\"" + span + "\",\"compact4j.trace_id\":\"" + trace + "\","
                        + "\"compact4j.backend\":\"" + backend + "\",\"compact4j.model\":\"gpt-5.1-codex-max\"}";
                int items = 10 + rnd.nextInt(400);
                int before = items * (100 + rnd.nextInt(300));
                int after = before / (2 + rnd.nextInt(8));
                sb.setLength(0);
                for (int i = 0; i < 3; i++) {
                    line(sb, ts += rnd.nextInt(50), "INFO", "agent-" + agent, "com.example.agent.Loop", mdc,
                            "[{\"step\":\"" + rnd.nextInt(1000) + "\"},{\"tool\":\"read_file\"}]",
                            "agent step: called read_file on src/main/java/com/example/OrderService" + rnd.nextInt(100) + ".java");
                }
                line(sb, ts += rnd.nextInt(5), "DEBUG", "agent-" + agent, "io.github.compact4j.compaction", mdc,
                        "[{\"compactor\":\"masking\"},{\"model\":\"gpt-5.1-codex-max\"},{\"items_before\":\"" + items
                                + "\"},{\"trace_source\":\"generated\"}]",
                        "compaction started: masking, model gpt-5.1-codex-max, " + items + " items, trace id generated");
                if (rnd.nextInt(10) == 0) {
                    line(sb, ts += rnd.nextInt(300), "WARN", "agent-" + agent, "io.github.compact4j.compaction", mdc,
                            "[{\"strategy\":\"openai-compact\"},{\"elapsed_ms\":\"212\"},{\"next_strategy\":\"masking\"},"
                                    + "{\"error\":\"NotFoundException\"},{\"status\":\"404\"}]",
                            "compaction strategy openai-compact failed after 212 ms (NotFoundException: OpenAI compaction failed:"
                                    + " Invalid URL (POST /v1/responses/compact) (HTTP 404)); falling back to masking");
                }
                line(sb, ts += rnd.nextInt(20), "DEBUG", "agent-" + agent, "io.github.compact4j.mask.ToolOutputMaskingCompactor",
                        mdc, "[{\"outputs_masked\":\"" + (items / 4) + "\"},{\"outputs_truncated\":\"0\"},{\"reasoning_stripped\":\"0\"},"
                                + "{\"recent_from\":\"" + (items - 9) + "\"}]",
                        "masking: " + (items / 4) + " outputs masked, 0 truncated, 0 reasoning items stripped; items from "
                                + (items - 9) + " kept as the last 3 turns");
                line(sb, ts += rnd.nextInt(20), "INFO", "agent-" + agent, "io.github.compact4j.compaction", mdc,
                        "[{\"strategy\":\"masking\"},{\"compactor\":\"masking\"},{\"items_before\":\"" + items + "\"},"
                                + "{\"items_after\":\"" + items + "\"},{\"tokens_before\":\"" + before + "\"},{\"tokens_after\":\""
                                + after + "\"},{\"tokens_saved\":\"" + (before - after) + "\"},{\"saved_pct\":\"80.0\"},"
                                + "{\"elapsed_ms\":\"9\"},{\"fell_back\":\"false\"},{\"attempts\":\"1\"}]",
                        "compaction succeeded: masking, items " + items + " -> " + items + ", tokens " + before + " -> " + after
                                + " (80.0% saved) in 9 ms");
                byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                o.write(b);
                written += b.length;
            }
        }
        System.out.println(out + ": " + written + " bytes, " + compactions + " compactions; " + (compactions / 50_000)
                + " of them with trace " + needle);
    }

    private static void line(StringBuilder sb, long ts, String level, String thread, String logger, String mdc,
            String kvp, String msg) {
        sb.append("{\"timestamp\":").append(ts).append(",\"level\":\"").append(level).append("\",\"threadName\":\"")
                .append(thread).append("\",\"loggerName\":\"").append(logger).append("\",").append(mdc)
                .append(",\"kvpList\": ").append(kvp).append(",\"formattedMessage\":\"").append(msg)
                .append("\",\"throwable\":null}\n");
    }

    private static String hex(SplittableRandom rnd, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = "0123456789abcdef".charAt(rnd.nextInt(16));
        }
        return new String(c);
    }
}

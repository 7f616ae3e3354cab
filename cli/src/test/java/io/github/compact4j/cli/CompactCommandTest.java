package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.SummaryMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compact} on the real coding-agent session the examples ship. */
class CompactCommandTest {

    static final Path SESSION = Logs.REPO.resolve("examples/src/main/resources/conversations/coding-agent.json");
    static final String MODEL = "gpt-5.1-codex-max";

    @TempDir
    static Path dir;
    static List<Item> session;

    @BeforeAll
    static void load() throws Exception {
        session = ResponsesItems.fromJson(Files.readString(SESSION));
    }

    @Test
    void withoutAKeyItMasksOfflineAndWritesWhatMaskingGives() throws Exception {
        Path out = dir.resolve("masked.json");
        Cli.Result r = Cli.run(Map.of(), "compact", SESSION.toString(), "--provider", "openai", "--model", MODEL,
                "-o", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("no OPENAI_API_KEY set: masking offline"), r.err());
        List<Item> expected = ToolOutputMaskingCompactor.builder().build()
                .compact(CompactionRequest.builder().model(MODEL).items(session).build()).items();
        assertEquals(ResponsesItems.toJson(expected), Files.readString(out).strip());
        String table = r.out();
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "  %-22s %,12d %,12d", "items", session.size(), session.size())), table);
        assertTrue(table.contains("  strategy               masking"), table);
        assertTrue(table.matches("(?s).*  trace id               [0-9a-f]{32}\n.*"), table);
        assertTrue(table.contains(" replaced"), table);
        assertTrue(table.contains("written to             " + out + " (responses)"), table);
    }

    @Test
    void chatAndAnthropicFilesComeBackInTheirFormat() throws Exception {
        Path chat = Files.writeString(dir.resolve("chat.json"), ChatCompletionsMessages.toJson(session));
        Cli.Result r = Cli.run("compact", chat.toString(), "--provider", "ollama", "--model", "qwen2.5-coder:14b",
                "--strategy", "masking");
        assertEquals(0, r.code(), r.toString());
        Path written = dir.resolve("chat.compacted.json");
        List<Item> back = ChatCompletionsMessages.fromJson(Files.readString(written));
        assertTrue(Files.size(written) < Files.size(chat) / 2, "masking removed most of the tool output");
        assertEquals(ChatCompletionsMessages.fromJson(Files.readString(chat)).size(), back.size());

        Path anthropic = Files.writeString(dir.resolve("claude.json"), AnthropicMessages.toConversation(session).toJson());
        Cli.Result a = Cli.run("compact", anthropic.toString(), "--provider", "anthropic", "--model", "claude-sonnet-4-5");
        assertEquals(0, a.code(), a.toString());
        AnthropicConversation c = AnthropicConversation.fromJson(Files.readString(dir.resolve("claude.compacted.json")));
        assertTrue(c.system().isPresent());
        assertEquals(AnthropicConversation.fromJson(Files.readString(anthropic)).messages().size(), c.messages().size());
    }

    @Test
    void summarizesThroughTheBackendsOwnApi() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            String summary = "Task: fix Turns.turnStarts. Found the off-by-one; test added; build green.";
            for (int i = 0; i < 8; i++) {
                server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(
                        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"qwen\",\"choices\":[{\"index\":0,"
                                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + summary + "\"},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":30,\"total_tokens\":1030}}"));
            }
            server.start();
            Path out = dir.resolve("summarized.json");
            Cli.Result r = Cli.run("compact", SESSION.toString(), "--provider", "openai-compatible", "--base-url",
                    server.url("/v1").toString(), "--model", "qwen2.5-coder", "--agent", "agent_s", "-o", out.toString());
            assertEquals(0, r.code(), r.toString());
            RecordedRequest first = server.takeRequest();
            assertEquals("/v1/chat/completions", first.getPath());
            List<Item> result = ResponsesItems.fromJson(Files.readString(out));
            assertTrue(result.size() < session.size(), "the middle became a summary");
            assertTrue(result.stream().anyMatch(i -> SummaryMessage.summaryOf(i).map(s -> s.contains(summary)).orElse(false)),
                    "the summary is in the result");
            assertTrue(r.out().contains("  strategy               summarizing"), r.out());
            assertTrue(r.out().contains("  model calls            "), r.out());
        }
    }

    @Test
    void nativeOnAnthropicIsAnthropicsCompaction() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(
                    "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                            + "\"content\":[{\"type\":\"compaction\",\"content\":\"<summary>Fixing Turns.turnStarts; the"
                            + " off-by-one is found.</summary>\",\"signature\":\"EvQBsig\"}],\"stop_reason\":\"compaction\","
                            + "\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"iterations\":[{\"type\":\"compaction\","
                            + "\"input_tokens\":30000,\"output_tokens\":25}]}}"));
            server.start();
            Path claude = Files.writeString(dir.resolve("native-claude.json"),
                    AnthropicMessages.toConversation(session).toJson());
            Path out = dir.resolve("native-claude.out.json");
            Cli.Result r = Cli.run(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789abcdef"), "compact",
                    claude.toString(), "--provider", "anthropic", "--base-url", server.url("/").toString(),
                    "--model", "claude-sonnet-4-5", "--strategy", "native", "-o", out.toString());
            assertEquals(0, r.code(), r.toString());
            RecordedRequest sent = server.takeRequest();
            assertEquals("/v1/messages", sent.getPath());
            assertTrue(sent.getBody().readUtf8().contains("\"compaction\""), "the compaction parameter is sent");
            assertTrue(r.out().contains("  strategy               anthropic-compact"), r.out());
            AnthropicConversation back = AnthropicConversation.fromJson(Files.readString(out));
            assertTrue(back.toJson().contains("\"signature\":\"EvQBsig\""), "the signed block is kept byte for byte");
            assertTrue(back.requiredBetas().size() == 1, back.requiredBetas().toString());
        }
        Cli.Result none = Cli.run(Map.of("DEEPSEEK_API_KEY", "sk-test-0123456789"), "compact", SESSION.toString(),
                "--provider", "deepseek", "--model", "deepseek-chat", "--strategy", "native");
        assertEquals(ExitCode.USAGE, none.code(), none.toString());
        assertTrue(none.err().contains("--strategy native needs a provider with its own compaction"), none.err());
    }

    @Test
    void aFailedCompactionExitsFourWithTheTraceId() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                    .setHeader("x-request-id", "req_401")
                    .setBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                            + "\"code\":\"invalid_api_key\"}}"));
            server.start();
            Path out = dir.resolve("never.json");
            Cli.Result r = Cli.run(Map.of("OPENAI_API_KEY", "sk-test-not-a-real-key-0123456789"), "compact", SESSION.toString(),
                    "--provider", "openai", "--base-url", server.url("/v1").toString(), "--model", MODEL,
                    "--strategy", "native", "-o", out.toString());
            assertEquals(ExitCode.COMPACTION_FAILED, r.code(), r.toString());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("compact4j: compaction of " + SESSION + " failed: "), r.err());
            assertTrue(r.err().contains("trace_id="), r.err());
            assertTrue(r.err().contains("request_id=req_401"), r.err());
            assertTrue(!r.err().contains("sk-test-not-a-real-key"), "the key never shows");
            assertTrue(Files.notExists(out), "nothing written");
        }
    }

    @Test
    void hybridMasksFirstAndCallsNoModelWhenMaskingIsEnough() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            Path out = dir.resolve("hybrid.out.json");
            Cli.Result r = Cli.run(Map.of("DEEPSEEK_API_KEY", "sk-test-0123456789"), "compact", SESSION.toString(),
                    "--provider", "deepseek", "--base-url", server.url("/").toString(), "--model", "deepseek-chat",
                    "--strategy", "hybrid", "-o", out.toString());
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("  strategy               hybrid"), r.out());
            assertEquals(0, server.getRequestCount(), "masking reached the target: no summary was asked for");
            assertTrue(Files.size(out) < Files.size(SESSION), "the written conversation is shorter");
        }
        Cli.Result noKey = Cli.run("compact", SESSION.toString(), "--provider", "deepseek", "--model", "deepseek-chat",
                "--strategy", "hybrid");
        assertEquals(ExitCode.USAGE, noKey.code(), noKey.toString());
        assertTrue(noKey.err().contains("DEEPSEEK_API_KEY"), noKey.err());
    }

    @Test
    void badConversationsAndUsage() throws Exception {
        Path badItem = Files.writeString(dir.resolve("bad-item.json"),
                "[{\"role\":\"user\",\"content\":\"hi\"},\n {\"type\":\"function_call_output\",\"call_id\":7,\"output\":\"x\"}]");
        Cli.Result r = Cli.run("compact", badItem.toString(), "--provider", "openai", "--model", MODEL);
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertEquals("compact4j: " + badItem + ": item 1, field 'call_id': expected a string but found a number",
                r.err().strip());
        Path badJson = Files.writeString(dir.resolve("bad.json"), "[{\"role\":\"user\",\n \"content\": hi}]");
        Cli.Result j = Cli.run("compact", badJson.toString(), "--provider", "openai", "--model", MODEL);
        assertEquals(ExitCode.BAD_INPUT, j.code());
        assertTrue(j.err().startsWith("compact4j: " + badJson + ":2: not valid JSON: "), j.err());
        assertEquals(ExitCode.USAGE, Cli.run("compact", SESSION.toString(), "--provider", "nope", "--model", "m").code());
        assertEquals(ExitCode.USAGE, Cli.run("compact", SESSION.toString(), "--provider", "anthropic", "--model", "m",
                "--strategy", "native").code());
        Cli.Result noKey = Cli.run("compact", SESSION.toString(), "--provider", "anthropic", "--model", "m",
                "--strategy", "summarizing");
        assertEquals(ExitCode.USAGE, noKey.code());
        assertTrue(noKey.err().contains("ANTHROPIC_API_KEY"), noKey.err());
        assertEquals(ExitCode.USAGE, Cli.run("compact", SESSION.toString(), "--model", "m").code(), "--provider is required");
        assertEquals(ExitCode.USAGE, Cli.run("compact", SESSION.toString(), "--provider", "openai", "--model", "m",
                "--strategy", "magic").code());
    }
}

package io.github.compact4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.PdfFileContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * LangChain4j messages to items and back, over generated conversations holding every message
 * kind LangChain4j models: system, user (text, several parts, images by URL and inline, audio,
 * PDF, a name, attributes), AI (text, thinking, tool requests with and without ids, attributes),
 * tool results (text, parts, error flags, attributes) and custom messages.
 */
class LangChain4jMessagesProperties {

    @Property(tries = 300)
    void everyMessageComesBackEqual(@ForAll("conversations") List<ChatMessage> messages) {
        List<Item> items = LangChain4jMessages.toItems(messages);
        assertEquals(messages, LangChain4jMessages.fromItems(items));
    }

    @Property(tries = 300)
    void theItemsAreAValidChatCompletionsConversation(@ForAll("conversations") List<ChatMessage> messages) {
        List<Item> items = LangChain4jMessages.toItems(messages);
        // every request paired with its result, as the generator pairs them
        assertEquals(List.of(), Turns.unpaired(items));
        // and the Chat Completions JSON reads back to the same items
        assertEquals(items, ChatCompletionsMessages.fromJson(ChatCompletionsMessages.toJson(items)));
    }

    /**
     * Through the Responses JSON a journal file holds, the Chat Completions part of a message
     * survives: roles, text, tool requests with their ids, names and arguments, tool results.
     */
    @Property(tries = 300)
    void plainMessagesSurviveAJsonJournal(@ForAll("plainConversations") List<ChatMessage> messages) {
        String json = ResponsesItems.toJson(LangChain4jMessages.toItems(messages));
        assertEquals(messages, LangChain4jMessages.fromItems(ResponsesItems.fromJson(json)));
    }

    @Property(tries = 100)
    void aMaskedResultKeepsEverythingElseOfItsMessage(@ForAll("conversations") List<ChatMessage> messages) {
        List<Item> items = new ArrayList<>(LangChain4jMessages.toItems(messages));
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ToolResult r && r.canReplaceOutput()) {
                items.set(i, r.withOutputText("[masked]"));
            }
        }
        List<ChatMessage> back = LangChain4jMessages.fromItems(items);
        assertEquals(messages.size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            if (messages.get(i) instanceof ToolExecutionResultMessage t) {
                ToolExecutionResultMessage b = (ToolExecutionResultMessage) back.get(i);
                assertEquals("[masked]", b.text());
                assertEquals(t.id(), b.id());
                assertEquals(t.toolName(), b.toolName());
                assertEquals(t.isError(), b.isError());
                assertEquals(t.attributes(), b.attributes());
            } else {
                assertEquals(messages.get(i), back.get(i));
            }
        }
        assertTrue(back.stream().noneMatch(m -> m == null));
    }

    // ------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<ChatMessage>> conversations() {
        return conversation(false);
    }

    @Provide
    Arbitrary<List<ChatMessage>> plainConversations() {
        return conversation(true);
    }

    private static Arbitrary<List<ChatMessage>> conversation(boolean plain) {
        Arbitrary<List<List<ChatMessage>>> turns = turn(plain).list().ofMinSize(0).ofMaxSize(6);
        Arbitrary<Boolean> system = Arbitraries.of(true, false);
        return Combinators.combine(system, text(), turns).as((sys, prompt, ts) -> {
            List<ChatMessage> out = new ArrayList<>();
            if (sys) {
                out.add(SystemMessage.from(prompt));
            }
            ts.forEach(out::addAll);
            return out;
        });
    }

    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    private static Arbitrary<List<ChatMessage>> turn(boolean plain) {
        Arbitrary<ChatMessage> user = plain ? text().map(UserMessage::from) : richUser();
        Arbitrary<Integer> calls = Arbitraries.integers().between(0, 3);
        Arbitrary<Boolean> flags = Arbitraries.of(true, false);
        Arbitrary<Boolean> customFirst = plain ? Arbitraries.just(false) : Arbitraries.of(false, false, false, true);
        return Combinators.combine(user, calls, text(), text(), flags, flags, customFirst, attributes())
                .as((u, n, said, output, withText, noIds, custom, attrs) -> {
                    List<ChatMessage> out = new ArrayList<>();
                    if (custom) {
                        out.add(CustomMessage.from(new LinkedHashMap<>(Map.of("kind", "note", "n", 3))));
                    }
                    out.add(u);
                    List<ToolExecutionRequest> requests = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        String id = !plain && noIds ? null : "call_" + IDS.incrementAndGet();
                        requests.add(ToolExecutionRequest.builder().id(id).name("tool_" + k)
                                .arguments("{\"path\":\"" + said.replace("\"", "'") + "\"}").build());
                    }
                    if (n > 0) {
                        AiMessage.Builder ai = AiMessage.builder().toolExecutionRequests(requests);
                        if (withText) {
                            ai.text(said);
                        }
                        if (!plain) {
                            ai.thinking(noIds ? null : "thinking about " + said).attributes(attrs);
                        }
                        out.add(ai.build());
                        for (ToolExecutionRequest r : requests) {
                            ToolExecutionResultMessage.Builder t = ToolExecutionResultMessage.builder()
                                    .id(r.id()).toolName(r.name());
                            if (!plain && withText && noIds) {
                                t.contents(List.of(TextContent.from(output), ImageContent.from("https://example.com/a.png")));
                            } else {
                                t.text(output);
                            }
                            if (!plain) {
                                t.isError(noIds ? Boolean.TRUE : withText ? Boolean.FALSE : null).attributes(attrs);
                            }
                            out.add(t.build());
                        }
                    }
                    AiMessage.Builder answer = AiMessage.builder().text(withText || n == 0 ? said : "");
                    if (!plain) {
                        answer.attributes(attrs);
                    }
                    out.add(answer.build());
                    return out;
                });
    }

    private static Arbitrary<ChatMessage> richUser() {
        Arbitrary<Content> part = Arbitraries.oneOf(
                text().map(TextContent::from),
                Arbitraries.of(ImageContent.DetailLevel.values()).map(d -> ImageContent.from("https://example.com/i.png", d)),
                Arbitraries.just(ImageContent.from("aGVsbG8=", "image/jpeg", ImageContent.DetailLevel.HIGH)),
                Arbitraries.just(AudioContent.from(Audio.builder().base64Data("UklGRg==").mimeType("audio/wav").build())),
                Arbitraries.just(PdfFileContent.from("JVBERi0=", "application/pdf")));
        Arbitrary<String> name = Arbitraries.of("alice", "bob", null);
        return Combinators.combine(part.list().ofMinSize(1).ofMaxSize(3), name, attributes())
                .as((parts, n, attrs) -> UserMessage.builder().contents(new ArrayList<>(parts)).name(n).attributes(attrs).build());
    }

    private static Arbitrary<Map<String, Object>> attributes() {
        return Arbitraries.oneOf(
                Arbitraries.just(Map.of()),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(v -> Map.of("source", v, "turn", 7, "ok", true)));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(t -> !t.trim().isEmpty()),
                Arbitraries.of("Read src/Main.java", "héllo wörld ✓", "line one\nline two", "{\"json\": true}", "😀 emoji"));
    }
}

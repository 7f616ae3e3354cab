package io.github.compact4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.Turns;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;

/**
 * Spring AI messages to items and back, over generated conversations holding every message kind
 * Spring AI models: system, user (text, images by URL and as bytes, a PDF, metadata), assistant
 * (text or none, tool calls, metadata), tool responses (several per message, metadata).
 */
class SpringAiMessagesProperties {

    @Property(tries = 300)
    void everyMessageComesBackEqual(@ForAll("conversations") List<Message> messages) {
        List<Message> back = SpringAiMessages.fromItems(SpringAiMessages.toItems(messages));
        assertEquals(messages, back);
        // Spring AI leaves media out of equals: compare them too
        assertEquals(media(messages), media(back));
    }

    @Property(tries = 300)
    void theItemsAreAValidChatCompletionsConversation(@ForAll("conversations") List<Message> messages) {
        List<Item> items = SpringAiMessages.toItems(messages);
        assertEquals(List.of(), Turns.unpaired(items));
        assertEquals(items, ChatCompletionsMessages.fromJson(ChatCompletionsMessages.toJson(items)));
    }

    /** Through the Responses JSON a journal file holds, the Chat Completions part survives. */
    @Property(tries = 300)
    void plainMessagesSurviveAJsonJournal(@ForAll("plainConversations") List<Message> messages) {
        String json = ResponsesItems.toJson(SpringAiMessages.toItems(messages));
        assertEquals(messages, SpringAiMessages.fromItems(ResponsesItems.fromJson(json)));
    }

    private static List<String> media(List<Message> messages) {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            List<Media> list = m instanceof UserMessage u ? u.getMedia() : m instanceof AssistantMessage a ? a.getMedia() : List.of();
            for (Media x : list) {
                Object d = x.getData();
                out.add(x.getMimeType() + "|" + (d instanceof byte[] b ? Arrays.toString(b) : d.getClass().getSimpleName() + ":" + d)
                        + "|" + x.getId() + "|" + x.getName());
            }
        }
        return out;
    }

    @Provide
    Arbitrary<List<Message>> conversations() {
        return conversation(false);
    }

    @Provide
    Arbitrary<List<Message>> plainConversations() {
        return conversation(true);
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private static Arbitrary<List<Message>> conversation(boolean plain) {
        return Combinators.combine(Arbitraries.of(true, false), text(), turn(plain).list().ofMaxSize(6))
                .as((sys, prompt, turns) -> {
                    List<Message> out = new ArrayList<>();
                    if (sys) {
                        out.add(plain ? new SystemMessage(prompt)
                                : SystemMessage.builder().text(prompt).metadata(Map.of("source", "template")).build());
                    }
                    turns.forEach(out::addAll);
                    return out;
                });
    }

    private static Arbitrary<List<Message>> turn(boolean plain) {
        Arbitrary<Message> user = plain ? text().map(UserMessage::new) : richUser();
        return Combinators.combine(user, Arbitraries.integers().between(0, 3), text(), text(), Arbitraries.of(true, false),
                metadata(plain)).as((u, n, said, output, withText, meta) -> {
                    List<Message> out = new ArrayList<>();
                    out.add(u);
                    if (n > 0) {
                        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                        List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                        for (int k = 0; k < n; k++) {
                            String id = "call_" + IDS.incrementAndGet();
                            calls.add(new AssistantMessage.ToolCall(id, "function", "tool_" + k, "{\"q\":\"" + k + "\"}"));
                            responses.add(new ToolResponseMessage.ToolResponse(id, "tool_" + k, output));
                        }
                        AssistantMessage.Builder<?> a = AssistantMessage.builder().toolCalls(calls).properties(meta);
                        if (withText) {
                            a.content(said);
                        }
                        out.add(a.build());
                        out.add(ToolResponseMessage.builder().responses(responses).metadata(meta).build());
                    }
                    out.add(AssistantMessage.builder().content(said).properties(meta).build());
                    return out;
                });
    }

    private static Arbitrary<Message> richUser() {
        Arbitrary<Media> media = Arbitraries.of(
                Media.builder().mimeType(MimeType.valueOf("image/png")).data(URI.create("https://example.com/a.png")).build(),
                Media.builder().mimeType(MimeType.valueOf("image/jpeg")).data(new byte[] {1, 2, 3}).id("img-1").build(),
                Media.builder().mimeType(MimeType.valueOf("application/pdf")).data(new byte[] {37, 80, 68, 70}).name("spec.pdf").build());
        return Combinators.combine(text(), media.list().ofMaxSize(2), metadata(false))
                .as((t, m, meta) -> UserMessage.builder().text(t).media(new ArrayList<>(m)).metadata(meta).build());
    }

    private static Arbitrary<Map<String, Object>> metadata(boolean plain) {
        return plain ? Arbitraries.just(Map.of()) : Arbitraries.oneOf(Arbitraries.just(Map.of()),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(v -> Map.of("source", v, "turn", 7, "ok", true)));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of("Read src/Main.java", "héllo wörld ✓", "line one\nline two", "{\"json\": true}", "😀 emoji"));
    }
}

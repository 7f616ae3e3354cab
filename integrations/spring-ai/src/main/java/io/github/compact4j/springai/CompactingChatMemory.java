package io.github.compact4j.springai;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.tokens.TokenCounter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * A Spring AI {@link ChatMemory} that keeps each conversation whole and compacts it through a
 * compact4j {@link ContextCompactor} when it crosses its token budget, instead of keeping a window
 * of the last messages. It never separates a tool call from its response, keeps its state in a
 * {@link ChatMemoryRepository}, and writes what it compacts to a {@link CompactionJournal} per
 * conversation, so {@link #originalMessages(String)} gives back every message ever added.
 *
 * <pre>{@code
 * ChatMemory memory = CompactingChatMemory.builder()
 *         .compactor(registry.compactorFor(backend))
 *         .model("gpt-4o-mini")
 *         .maxTokens(32_000)
 *         .chatMemoryRepository(repository)
 *         .journal(id -> CompactionJournal.jsonLines(Path.of("journals", id + ".jsonl")))
 *         .build();
 * ChatClient client = ChatClient.builder(chatModel)
 *         .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
 *         .build();
 * }</pre>
 *
 * <p>The messages a compaction produced carry the metadata key {@link #COMPACTION_METADATA} (the
 * compaction's trace id): that is how the memory tells them from messages added since, so the
 * repository must keep message metadata (the in-memory one does; one that drops it makes
 * {@link #originalMessages(String)} repeat the compacted part). Thread-safe: one compaction at a
 * time per conversation. See {@code docs/integrations.md}.
 */
public final class CompactingChatMemory implements ChatMemory {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.springai");

    /** The metadata key that marks a message as part of a compaction's result; its value is the trace id. */
    public static final String COMPACTION_METADATA = "compact4j.compaction";

    private final ContextCompactor compactor;
    private final String model;
    private final int maxTokens;
    private final CompactionPolicy policy;
    private final TokenCounter counter;
    private final ChatMemoryRepository repository;
    private final Function<String, CompactionJournal> journals;
    private final Map<String, String> attributes;
    private final Clock clock;
    /** Per conversation: its lock, journal and quiet threshold. */
    private final Map<String, State> states = new ConcurrentHashMap<>();

    private static final class State {
        final CompactionJournal journal;
        long quietUntil;

        State(CompactionJournal journal) {
            this.journal = journal;
        }
    }

    private CompactingChatMemory(Builder b) {
        this.compactor = b.compactor;
        this.model = b.model;
        this.maxTokens = b.maxTokens;
        this.policy = b.policy;
        this.counter = b.counter != null ? b.counter : TokenCounter.forModel(b.model);
        this.repository = b.repository != null ? b.repository : new InMemoryChatMemoryRepository();
        this.journals = b.journal;
        this.attributes = Map.copyOf(b.attributes);
        this.clock = b.clock;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    private State state(String conversationId) {
        return states.computeIfAbsent(conversationId, id -> new State(journals == null ? null : journals.apply(id)));
    }

    /**
     * Adds messages and compacts if the conversation crossed the budget's trigger and no tool call
     * waits for its response. A new {@link SystemMessage} replaces the ones held and goes first.
     * A failed compaction is logged at WARN and the conversation kept whole.
     *
     * @param conversationId the conversation
     * @param messages the messages
     */
    @Override
    public void add(String conversationId, List<Message> messages) {
        requireId(conversationId);
        Objects.requireNonNull(messages, "messages");
        State s = state(conversationId);
        synchronized (s) {
            List<Message> held = new ArrayList<>(repository.findByConversationId(conversationId));
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                if (m == null) {
                    throw new NullPointerException("message " + i + " is null");
                }
                if (m instanceof SystemMessage) {
                    if (held.stream().anyMatch(m::equals)) {
                        continue;
                    }
                    held.removeIf(x -> x instanceof SystemMessage);
                    held.add(0, m);
                } else {
                    held.add(m);
                }
            }
            repository.saveAll(conversationId, compactIfNeeded(conversationId, s, held));
        }
    }

    /**
     * @param conversationId the conversation
     * @return the history to send: every message held, except a tool call whose response was not
     *     added (unless it is the last message: Spring AI's tool loop sends its response right after
     *     it) and a response without its call
     */
    @Override
    public List<Message> get(String conversationId) {
        requireId(conversationId);
        List<Message> held;
        State s = state(conversationId);
        synchronized (s) {
            held = new ArrayList<>(repository.findByConversationId(conversationId));
        }
        return paired(held);
    }

    /**
     * Deletes the conversation from the repository. Its journal is left as it is: it is the record.
     *
     * @param conversationId the conversation
     */
    @Override
    public void clear(String conversationId) {
        requireId(conversationId);
        State s = state(conversationId);
        synchronized (s) {
            repository.deleteByConversationId(conversationId);
            s.quietUntil = 0;
        }
    }

    /**
     * Every message ever added to the conversation, in order: its journal's entries, then the
     * messages added since the last compaction. An entry whose compaction never reached the
     * repository (the process stopped in between) is left out: its messages are still there.
     *
     * @param conversationId the conversation
     * @return the full history
     * @throws IllegalStateException when the conversation was compacted and no journal is kept
     */
    public List<Message> originalMessages(String conversationId) {
        requireId(conversationId);
        State s = state(conversationId);
        List<Message> held;
        synchronized (s) {
            held = new ArrayList<>(repository.findByConversationId(conversationId));
        }
        int prefix = resultPrefix(held);
        String lastTrace = prefix == 0 ? null : tag(held.get(prefix - 1));
        if (prefix > 0 && s.journal == null) {
            throw new IllegalStateException("this conversation was compacted without a journal, so the original messages"
                    + " are gone; configure CompactingChatMemory.builder().journal(...) to keep them");
        }
        List<Item> journaled = new ArrayList<>();
        if (s.journal != null && lastTrace != null) {
            for (JournalEntry e : s.journal.entries()) {
                journaled.addAll(e.items());
                if (lastTrace.equals(e.traceId())) {
                    break;
                }
            }
        }
        List<Message> all = new ArrayList<>(SpringAiMessages.fromItems(journaled));
        all.addAll(held.subList(prefix, held.size()));
        return all;
    }

    /**
     * @param conversationId the conversation
     * @return the token count of {@link #get(String)}, as this memory counts it
     */
    public int tokens(String conversationId) {
        return counter.count(SpringAiMessages.toItems(get(conversationId)));
    }

    /** @return the token count at which a conversation compacts */
    public int triggerTokens() {
        return policy.triggerAt(maxTokens);
    }

    private List<Message> compactIfNeeded(String conversationId, State s, List<Message> messages) {
        if (hasPending(messages)) {
            return messages; // compact once the responses are in, never between a call and its response
        }
        List<List<Item>> groups = SpringAiMessages.toItemGroups(messages);
        List<Item> items = new ArrayList<>();
        groups.forEach(items::addAll);
        int tokens = counter.count(items);
        int trigger = policy.triggerAt(maxTokens);
        if (tokens < trigger || tokens < s.quietUntil) {
            return messages;
        }
        int prefix = resultPrefix(messages);
        List<Item> originals = new ArrayList<>();
        for (int i = prefix; i < groups.size(); i++) {
            originals.addAll(groups.get(i));
        }
        CompactionRequest.Builder rb = CompactionRequest.builder().model(model).items(items)
                .targetTokens(policy.targetAt(maxTokens)).minSavingRatio(policy.minSavingRatio());
        attributes.forEach(rb::attribute);
        CompactionRequest request = rb.build();
        try {
            CompactionResult r = compactor.compact(request);
            if (!request.worthApplying(r.tokensBefore(), r.tokensAfter())) {
                s.quietUntil = tokens + Math.max(1, trigger / 20);
                LOG.atInfo().addKeyValue("conversation_id", conversationId).log(
                        "compaction by {} not applied: it saved {} of {} tokens", r.strategy(), r.savedTokens(), r.tokensBefore());
                return messages;
            }
            List<Message> compacted = SpringAiMessages.fromItems(r.items());
            if (s.journal != null) {
                s.journal.append(JournalEntry.builder().traceId(r.traceId()).time(clock.instant()).strategy(r.strategy())
                        .items(originals).itemsBefore(r.itemsBefore()).itemsAfter(r.items().size())
                        .tokensBefore(r.tokensBefore()).tokensAfter(r.tokensAfter()).build());
            }
            List<Message> tagged = new ArrayList<>(compacted.size());
            for (Message m : compacted) {
                tagged.add(withTag(m, r.traceId()));
            }
            s.quietUntil = r.tokensAfter() >= trigger ? r.tokensAfter() + Math.max(1, trigger / 20) : 0;
            LOG.atInfo().addKeyValue("conversation_id", conversationId).log(
                    "compacted the chat memory by {}: {} -> {} tokens, {} -> {} messages",
                    r.strategy(), r.tokensBefore(), r.tokensAfter(), messages.size(), tagged.size());
            return tagged;
        } catch (RuntimeException e) {
            s.quietUntil = tokens + Math.max(1, trigger / 20);
            LOG.atWarn().setCause(e).addKeyValue("conversation_id", conversationId)
                    .log("compaction failed; the chat memory keeps its full history: {}", e.getMessage());
            return messages;
        }
    }

    /** Whether tool calls still wait for responses. */
    private static boolean hasPending(List<Message> messages) {
        Set<String> open = new HashSet<>();
        int unnamed = 0;
        for (Message m : messages) {
            if (m instanceof AssistantMessage a && a.hasToolCalls()) {
                for (AssistantMessage.ToolCall c : a.getToolCalls()) {
                    if (c.id() == null) {
                        unnamed++;
                    } else {
                        open.add(c.id());
                    }
                }
            } else if (m instanceof ToolResponseMessage t) {
                for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                    if (r.id() == null) {
                        unnamed = Math.max(0, unnamed - 1);
                    } else {
                        open.remove(r.id());
                    }
                }
            }
        }
        return !open.isEmpty() || unnamed > 0;
    }

    /** The held messages with every unpaired call and response taken out, but the calls of the last message. */
    private static List<Message> paired(List<Message> held) {
        if (!needsPairing(held)) {
            return held;
        }
        List<List<Item>> groups = SpringAiMessages.toItemGroups(held);
        List<Item> items = new ArrayList<>();
        groups.forEach(items::addAll);
        int lastStart = items.size() - (groups.isEmpty() ? 0 : groups.get(groups.size() - 1).size());
        boolean lastAsks = !held.isEmpty() && held.get(held.size() - 1) instanceof AssistantMessage;
        Set<Integer> drop = new HashSet<>(Turns.unpaired(items));
        List<Item> kept = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!drop.contains(i) || (lastAsks && i >= lastStart)) {
                kept.add(items.get(i));
            }
        }
        return SpringAiMessages.fromItems(kept);
    }

    /** A cheap look, by ids, for anything unpaired before the last message, before converting. */
    private static boolean needsPairing(List<Message> held) {
        Set<String> open = new HashSet<>();
        for (int i = 0; i < held.size(); i++) {
            Message m = held.get(i);
            if (m instanceof AssistantMessage a && a.hasToolCalls()) {
                if (!open.isEmpty()) {
                    return true;
                }
                for (AssistantMessage.ToolCall c : a.getToolCalls()) {
                    if (c.id() == null || !open.add(c.id())) {
                        return true;
                    }
                }
            } else if (m instanceof ToolResponseMessage t) {
                for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                    if (r.id() == null || !open.remove(r.id())) {
                        return true;
                    }
                }
            } else if (!open.isEmpty()) {
                return true;
            }
        }
        // calls still open here are the last assistant message's: kept only while it is the last
        // message, not once a response to some of them has followed it
        return !open.isEmpty() && !(held.get(held.size() - 1) instanceof AssistantMessage);
    }

    private static int resultPrefix(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (tag(messages.get(i)) != null) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String tag(Message m) {
        Object v = m.getMetadata().get(COMPACTION_METADATA);
        return v instanceof String s ? s : null;
    }

    private static Message withTag(Message m, String traceId) {
        Map<String, Object> meta = new LinkedHashMap<>(m.getMetadata());
        meta.remove(org.springframework.ai.chat.messages.AbstractMessage.MESSAGE_TYPE);
        meta.put(COMPACTION_METADATA, traceId);
        if (m instanceof UserMessage u) {
            return u.mutate().metadata(meta).build();
        }
        if (m instanceof SystemMessage sm) {
            return sm.mutate().metadata(meta).build();
        }
        if (m instanceof AssistantMessage a) {
            return a.mutate().properties(meta).build();
        }
        if (m instanceof ToolResponseMessage t) {
            return ToolResponseMessage.builder().responses(t.getResponses()).metadata(meta).build();
        }
        return m;
    }

    private static void requireId(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        if (conversationId.isBlank()) {
            throw new IllegalArgumentException("conversationId must not be blank");
        }
    }

    @Override
    public String toString() {
        return "CompactingChatMemory{model=" + model + ", maxTokens=" + maxTokens + ", trigger="
                + policy.triggerAt(maxTokens) + ", compactor=" + compactor.name() + "}";
    }

    /** Builds a {@link CompactingChatMemory}. Not thread-safe; one builder can build many memories. */
    public static final class Builder {
        private ContextCompactor compactor;
        private String model;
        private int maxTokens;
        private CompactionPolicy policy = CompactionPolicy.defaults();
        private TokenCounter counter;
        private ChatMemoryRepository repository;
        private Function<String, CompactionJournal> journal;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * @param compactor how to compact, e.g. {@code registry.compactorFor(backend)}
         * @return this
         */
        public Builder compactor(ContextCompactor compactor) {
            this.compactor = Objects.requireNonNull(compactor, "compactor");
            return this;
        }

        /**
         * @param model the model the conversation runs on: how tokens are counted, and the
         *     compaction requests' model
         * @return this
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param tokens the budget: the most tokens the history should hold; the policy's trigger
         *     and target are shares of it
         * @return this
         * @throws IllegalArgumentException when not positive
         */
        public Builder maxTokens(int tokens) {
            if (tokens <= 0) {
                throw new IllegalArgumentException("maxTokens must be positive, got " + tokens);
            }
            this.maxTokens = tokens;
            return this;
        }

        /**
         * @param policy when to compact and what to aim at, relative to {@link #maxTokens(int)};
         *     {@link CompactionPolicy#defaults()} by default
         * @return this
         */
        public Builder policy(CompactionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param counter how to count tokens; {@code TokenCounter.forModel(model)} by default
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * @param repository where the histories live; an {@code InMemoryChatMemoryRepository} by
         *     default. It must keep message metadata (see the class documentation)
         * @return this
         */
        public Builder chatMemoryRepository(ChatMemoryRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /**
         * @param journals the journal for a conversation id, called once per conversation; none by
         *     default (then compacted messages are gone)
         * @return this
         */
        public Builder journal(Function<String, CompactionJournal> journals) {
            this.journal = Objects.requireNonNull(journals, "journals");
            return this;
        }

        /**
         * @param name an attribute for every compaction's log lines, e.g. {@code agent_id}
         * @param value its value
         * @return this
         * @throws IllegalArgumentException when the name is not 1-64 letters, digits, {@code _ . -}
         */
        public Builder attribute(String name, String value) {
            CompactionRequest.Builder.checkAttributeName(name);
            attributes.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param clock the clock for journal times
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the memory
         * @throws IllegalStateException when the compactor, the model or the budget is missing
         */
        public CompactingChatMemory build() {
            if (compactor == null) {
                throw new IllegalStateException("a compactor is required: compactor(registry.compactorFor(backend)), say");
            }
            if (model == null) {
                throw new IllegalStateException("model is required: the model the conversation runs on");
            }
            if (maxTokens == 0) {
                throw new IllegalStateException("maxTokens is required: the token budget of the history");
            }
            return new CompactingChatMemory(this);
        }
    }
}

package io.github.compact4j.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.tokens.TokenCounter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j {@link ChatMemory} that keeps the whole conversation and compacts it through a
 * compact4j {@link ContextCompactor} when it crosses its token budget, instead of evicting the
 * oldest messages. It never separates a tool execution request from its result, keeps its state
 * in a {@link ChatMemoryStore}, and writes what it compacts to a {@link CompactionJournal}, so
 * {@link #originalMessages()} gives back every message ever added.
 *
 * <pre>{@code
 * Assistant agent = AiServices.builder(Assistant.class)
 *         .chatModel(model)
 *         .tools(new MyTools())
 *         .chatMemoryProvider(id -> CompactingChatMemory.builder()
 *                 .id(id)
 *                 .compactor(registry.compactorFor(backend))
 *                 .model("gpt-4o-mini")
 *                 .maxTokens(32_000)
 *                 .chatMemoryStore(store)
 *                 .journal(memoryId -> CompactionJournal.jsonLines(Path.of("journals", memoryId + ".jsonl")))
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe: one compaction at a time per memory object; its state is the store's. See
 * {@code docs/integrations.md} for the rules in full.
 */
public final class CompactingChatMemory implements ChatMemory {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.langchain4j");

    /** The attribute that marks a message as part of a compaction's result; its value is the trace id. */
    public static final String COMPACTION_ATTRIBUTE = "compact4j.compaction";

    private final Object id;
    private final ContextCompactor compactor;
    private final String model;
    private final int maxTokens;
    private final CompactionPolicy policy;
    private final TokenCounter counter;
    private final ChatMemoryStore store;
    private final CompactionJournal journal;
    private final Map<String, String> attributes;
    private final Clock clock;
    private final Object lock = new Object();
    /** Tokens the history must reach before another compaction is tried, after one that was not worth it. */
    private long quietUntil;

    private CompactingChatMemory(Builder b) {
        this.id = b.id;
        this.compactor = b.compactor;
        this.model = b.model;
        this.maxTokens = b.maxTokens;
        this.policy = b.policy;
        this.counter = b.counter != null ? b.counter : TokenCounter.forModel(b.model);
        this.store = b.store != null ? b.store : new InMemoryChatMemoryStore();
        this.journal = b.journal != null ? b.journal.apply(b.id) : null;
        this.attributes = Map.copyOf(b.attributes);
        this.clock = b.clock;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Object id() {
        return id;
    }

    /**
     * Adds a message and compacts if the history crossed the budget's trigger and no tool request
     * is waiting for its result. A {@link SystemMessage} replaces the one held (an equal one is
     * ignored) and stays first. A failed compaction is logged at WARN and the history kept whole.
     *
     * @param message the message
     */
    @Override
    public void add(ChatMessage message) {
        Objects.requireNonNull(message, "message");
        synchronized (lock) {
            List<ChatMessage> messages = new ArrayList<>(store.getMessages(id));
            if (message instanceof SystemMessage) {
                Optional<SystemMessage> held = SystemMessage.findFirst(messages);
                if (held.isPresent() && held.get().equals(message)) {
                    return;
                }
                messages.removeIf(m -> m instanceof SystemMessage);
                messages.add(0, message);
            } else {
                messages.add(message);
            }
            store.updateMessages(id, compactIfNeeded(messages));
        }
    }

    /**
     * Replaces the history (LangChain4j calls it when it rewrites results, e.g. after compensating
     * tools). The messages are stored as given, then compacted if over the trigger.
     *
     * @param messages the new history
     */
    @Override
    public void set(Iterable<ChatMessage> messages) {
        List<ChatMessage> list = new ArrayList<>();
        messages.forEach(m -> list.add(Objects.requireNonNull(m, "message")));
        synchronized (lock) {
            store.updateMessages(id, compactIfNeeded(list));
        }
    }

    /**
     * @return the history to send: every message held, except a tool request whose result has not
     *     been added (and any result of its message already added) and a result without its
     *     request; never an orphaned result or an unanswered request
     */
    @Override
    public List<ChatMessage> messages() {
        List<ChatMessage> held;
        synchronized (lock) {
            held = new ArrayList<>(store.getMessages(id));
        }
        return paired(held);
    }

    /** Deletes the history from the store. The journal is left as it is: it is the record. */
    @Override
    public void clear() {
        synchronized (lock) {
            store.deleteMessages(id);
            quietUntil = 0;
        }
    }

    /**
     * Every message ever added, in order: the journal's entries, then the messages added since the
     * last compaction. An entry whose compaction never reached the store (the process stopped in
     * between) is left out: its messages are still in the store.
     *
     * @return the full history
     * @throws IllegalStateException when the history was compacted and no journal is kept
     */
    public List<ChatMessage> originalMessages() {
        List<ChatMessage> held;
        synchronized (lock) {
            held = new ArrayList<>(store.getMessages(id));
        }
        int prefix = resultPrefix(held);
        String lastTrace = prefix == 0 ? null : tag(held.get(prefix - 1));
        if (prefix > 0 && journal == null) {
            throw new IllegalStateException("this memory was compacted without a journal, so the original messages"
                    + " are gone; configure CompactingChatMemory.builder().journal(...) to keep them");
        }
        List<Item> journaled = new ArrayList<>();
        if (journal != null && lastTrace != null) {
            for (JournalEntry e : journal.entries()) {
                journaled.addAll(e.items());
                if (lastTrace.equals(e.traceId())) {
                    break;
                }
            }
        }
        List<ChatMessage> all = new ArrayList<>(LangChain4jMessages.fromItems(journaled));
        all.addAll(held.subList(prefix, held.size()));
        return all;
    }

    /** @return the token count of {@link #messages()}, as this memory counts it */
    public int tokens() {
        return counter.count(LangChain4jMessages.toItems(messages()));
    }

    /** @return the token count at which it compacts */
    public int triggerTokens() {
        return policy.triggerAt(maxTokens);
    }

    private List<ChatMessage> compactIfNeeded(List<ChatMessage> messages) {
        if (hasPending(messages)) {
            return messages; // compact once the results are in, never between a request and its result
        }
        List<List<Item>> groups = LangChain4jMessages.toItemGroups(messages);
        List<Item> items = new ArrayList<>();
        groups.forEach(items::addAll);
        int tokens = counter.count(items);
        if (tokens < policy.triggerAt(maxTokens) || tokens < quietUntil) {
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
                quietUntil = tokens + Math.max(1, policy.triggerAt(maxTokens) / 20);
                LOG.atInfo().addKeyValue("memory_id", id).log("compaction by {} not applied: it saved {} of {} tokens",
                        r.strategy(), r.savedTokens(), r.tokensBefore());
                return messages;
            }
            List<ChatMessage> compacted = LangChain4jMessages.fromItems(r.items());
            if (journal != null) {
                journal.append(JournalEntry.builder().traceId(r.traceId()).time(clock.instant()).strategy(r.strategy())
                        .items(originals).itemsBefore(r.itemsBefore()).itemsAfter(r.items().size())
                        .tokensBefore(r.tokensBefore()).tokensAfter(r.tokensAfter()).build());
            }
            List<ChatMessage> tagged = new ArrayList<>(compacted.size());
            for (ChatMessage m : compacted) {
                tagged.add(withTag(m, r.traceId()));
            }
            quietUntil = 0;
            if (counter.count(r.items()) >= policy.triggerAt(maxTokens)) {
                quietUntil = r.tokensAfter() + Math.max(1, policy.triggerAt(maxTokens) / 20);
            }
            LOG.atInfo().addKeyValue("memory_id", id).log("compacted the chat memory by {}: {} -> {} tokens, {} -> {} messages",
                    r.strategy(), r.tokensBefore(), r.tokensAfter(), messages.size(), tagged.size());
            return tagged;
        } catch (RuntimeException e) {
            quietUntil = tokens + Math.max(1, policy.triggerAt(maxTokens) / 20);
            LOG.atWarn().setCause(e).addKeyValue("memory_id", id)
                    .log("compaction failed; the chat memory keeps its full history: {}", e.getMessage());
            return messages;
        }
    }

    /** Whether the last tool requests still wait for results. */
    private static boolean hasPending(List<ChatMessage> messages) {
        Set<String> open = new HashSet<>();
        Map<String, Integer> openByName = new HashMap<>();
        for (ChatMessage m : messages) {
            if (m instanceof AiMessage a && a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    if (r.id() != null) {
                        open.add(r.id());
                    } else {
                        openByName.merge(String.valueOf(r.name()), 1, Integer::sum);
                    }
                }
            } else if (m instanceof ToolExecutionResultMessage t) {
                if (t.id() != null) {
                    open.remove(t.id());
                } else {
                    openByName.computeIfPresent(String.valueOf(t.toolName()), (k, v) -> v == 1 ? null : v - 1);
                }
            }
        }
        return !open.isEmpty() || !openByName.isEmpty();
    }

    /** The held messages with every unpaired request and result taken out (item by item). */
    private static List<ChatMessage> paired(List<ChatMessage> held) {
        if (!needsPairing(held)) {
            return held;
        }
        List<Item> items = LangChain4jMessages.toItems(held);
        Set<Integer> drop = new HashSet<>(io.github.compact4j.conversation.Turns.unpaired(items));
        List<Item> kept = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!drop.contains(i)) {
                kept.add(items.get(i));
            }
        }
        return LangChain4jMessages.fromItems(kept);
    }

    /** A cheap look, by ids, for anything unpaired, before converting. */
    private static boolean needsPairing(List<ChatMessage> held) {
        Set<String> open = new HashSet<>();
        for (ChatMessage m : held) {
            if (m instanceof AiMessage a && a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    if (r.id() == null || !open.add(r.id())) {
                        return true;
                    }
                }
            } else if (m instanceof ToolExecutionResultMessage t && (t.id() == null || !open.remove(t.id()))) {
                return true;
            }
        }
        return !open.isEmpty();
    }

    /** Index just past the last message a compaction produced; 0 when there is none. */
    private static int resultPrefix(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (tag(messages.get(i)) != null) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String tag(ChatMessage m) {
        Map<String, Object> a = m instanceof UserMessage u ? u.attributes()
                : m instanceof AiMessage ai ? ai.attributes()
                : m instanceof ToolExecutionResultMessage t ? t.attributes() : null;
        Object v = a == null ? null : a.get(COMPACTION_ATTRIBUTE);
        return v instanceof String s ? s : null;
    }

    private static ChatMessage withTag(ChatMessage m, String traceId) {
        if (m instanceof UserMessage u) {
            return u.toBuilder().attributes(tagged(u.attributes(), traceId)).build();
        }
        if (m instanceof AiMessage a) {
            return a.toBuilder().attributes(tagged(a.attributes(), traceId)).build();
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return t.toBuilder().attributes(tagged(t.attributes(), traceId)).build();
        }
        return m; // a system message has no attributes: it is the head, kept as it is
    }

    private static Map<String, Object> tagged(Map<String, Object> attributes, String traceId) {
        Map<String, Object> a = new LinkedHashMap<>(attributes);
        a.put(COMPACTION_ATTRIBUTE, traceId);
        return a;
    }

    @Override
    public String toString() {
        return "CompactingChatMemory{id=" + id + ", model=" + model + ", maxTokens=" + maxTokens + ", trigger="
                + policy.triggerAt(maxTokens) + ", compactor=" + compactor.name() + "}";
    }

    /** Builds a {@link CompactingChatMemory}. Not thread-safe; one builder can build many memories. */
    public static final class Builder {
        private Object id = "default";
        private ContextCompactor compactor;
        private String model;
        private int maxTokens;
        private CompactionPolicy policy = CompactionPolicy.defaults();
        private TokenCounter counter;
        private ChatMemoryStore store;
        private Function<Object, CompactionJournal> journal;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * @param id the memory id, e.g. the {@code @MemoryId} LangChain4j passes to a provider; "default" by default
         * @return this
         */
        public Builder id(Object id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

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
         * @param store where the history lives; an {@code InMemoryChatMemoryStore} by default
         * @return this
         */
        public Builder chatMemoryStore(ChatMemoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param journal the journal of every memory built, whatever its id
         * @return this
         */
        public Builder journal(CompactionJournal journal) {
            Objects.requireNonNull(journal, "journal");
            this.journal = memoryId -> journal;
            return this;
        }

        /**
         * @param journals the journal for a memory id, called once per memory built; none by default
         *     (then compacted messages are gone)
         * @return this
         */
        public Builder journal(Function<Object, CompactionJournal> journals) {
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

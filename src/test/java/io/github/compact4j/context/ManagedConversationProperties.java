package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ManagedConversationProperties {

    /**
     * Whatever the conversation and wherever compactions fall, the journal followed by the items
     * appended since the last compaction is exactly what was appended, and the running token
     * total equals a fresh count of the current history.
     */
    @Property(tries = 60)
    void journalPlusHistoryRecoversEveryAppendedItem(@ForAll("conversations") List<Item> items,
            @ForAll("compactEvery") int every) {
        ManagedConversation m = ManagedConversation.builder().compactor(new ManagedConversationTest.KeepEnds())
                .model("gpt-5.1").journal(CompactionJournal.inMemory())
                .policy(CompactionPolicy.builder().minSavingRatio(0).build()).build();
        for (int i = 0; i < items.size(); i++) {
            m.append(items.get(i));
            if ((i + 1) % every == 0) {
                m.compact();
            }
        }
        assertEquals(ResponsesItems.toJson(items), ResponsesItems.toJson(m.originalItems()));
        assertEquals(TokenCounter.forModel("gpt-5.1").count(m.items()), m.rawTokens());
    }

    @Provide
    Arbitrary<List<Item>> conversations() {
        return Conversations.agentConversations(Conversations.options().turns(1, 25));
    }

    @Provide
    Arbitrary<Integer> compactEvery() {
        return Arbitraries.integers().between(1, 30);
    }
}

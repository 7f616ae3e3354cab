package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ServerCompactionProperties {

    /**
     * Server-side compactions (compaction items arriving in appended output) mixed with the
     * conversation's own compactions: the journal followed by the history is always exactly what
     * was appended, the history starts at the newest server compaction when that came last, and
     * the running count is a fresh count.
     */
    @Property(tries = 60)
    void journalPlusHistoryIsEverythingAppended(@ForAll("conversations") List<Item> items,
            @ForAll("every") int serverEvery, @ForAll("every") int clientEvery) {
        ManagedConversation m = ManagedConversation.builder().compactor(new ManagedConversationTest.KeepEnds())
                .model("gpt-5.1").journal(CompactionJournal.inMemory())
                .policy(CompactionPolicy.builder().minSavingRatio(0).build()).build();
        List<Item> appended = new ArrayList<>();
        int serverCompactions = 0;
        for (int i = 0; i < items.size(); i++) {
            List<Item> step = new ArrayList<>();
            step.add(items.get(i));
            if ((i + 1) % serverEvery == 0) {
                serverCompactions++;
                step.addAll(ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_" + i
                        + "\",\"encrypted_content\":\"gAAAA" + i + "\"}]"));
            }
            m.appendAll(step);
            appended.addAll(step);
            if ((i + 1) % clientEvery == 0) {
                m.compact();
            }
            if (step.get(step.size() - 1) instanceof Compaction c) {
                assertEquals(c, m.items().get(0), "the newest compaction item heads the history");
            }
        }
        assertEquals(ResponsesItems.toJson(appended), ResponsesItems.toJson(m.originalItems()));
        assertEquals(TokenCounter.forModel("gpt-5.1").count(m.items()), m.rawTokens());
        net.jqwik.api.statistics.Statistics.collect(serverCompactions > 0 ? "server compactions" : "none");
    }

    @Provide
    Arbitrary<List<Item>> conversations() {
        return Conversations.agentConversations(Conversations.options().turns(1, 20));
    }

    @Provide
    Arbitrary<Integer> every() {
        return Arbitraries.integers().between(1, 25);
    }
}

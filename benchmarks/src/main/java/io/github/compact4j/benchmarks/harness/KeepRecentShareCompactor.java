package io.github.compact4j.benchmarks.harness;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryRequest;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The custom compaction that native {@code /responses/compact} replaces in many agent apps: keep
 * the newest share of the messages (by count, 30% by default) and put ONE model-written summary
 * of everything older in their place. It keeps the leading system and developer messages (they
 * are configuration, not history) and nothing else of the head: the task goes into the summary
 * like every other old message.
 *
 * <p>Unlike the naive version it never orphans a tool call: the cut moves back (keeping more)
 * to the nearest {@link Turns#safeCuts(List) safe cut}, and never past a call that is still
 * waiting for its result. The transcript goes to the summarizer in one call; when it is longer
 * than {@code maxTranscriptTokens} only its newest part goes (what a one-call summarizer has to
 * do to fit its window), and the result's note says so.
 *
 * <pre>{@code
 * KeepRecentShareCompactor baseline = KeepRecentShareCompactor.builder().summarizer(s).keepShare(0.30).build();
 * }</pre>
 */
public final class KeepRecentShareCompactor extends TracedCompactor {

    /** The strategy name, in {@link CompactionResult#strategy()}. */
    public static final String NAME = "custom-keep-recent";

    /** The summarizer's instructions: a short, plain request, as such code usually has. */
    public static final String PROMPT = "Summarize the following conversation between a user and an AI assistant "
            + "so that the assistant can continue it. Keep every fact needed to go on: the task, decisions, names, "
            + "file names, numbers, error messages and the current state. Be concise.";

    /** The first line of the summary message it writes. */
    public static final String SUMMARY_HEADER = "Summary of the earlier conversation:";

    private final Summarizer summarizer;
    private final double keepShare;
    private final int maxSummaryTokens;
    private final int maxTranscriptTokens;
    private final TokenCounter counter;

    private KeepRecentShareCompactor(Builder b) {
        this.summarizer = Objects.requireNonNull(b.summarizer, "summarizer");
        this.keepShare = b.keepShare;
        this.maxSummaryTokens = b.maxSummaryTokens;
        this.maxTranscriptTokens = b.maxTranscriptTokens;
        this.counter = b.counter;
    }

    /** @return a builder; the summarizer is required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Item> items = request.items();
        TokenCounter tc = counter != null ? counter : TokenCounter.forModel(request.model());
        int n = items.size();
        int before = tc.count(items);
        int lead = 0;
        while (lead < n && items.get(lead) instanceof Message m && m.isInstruction()) {
            lead++;
        }
        int cut = cut(items, lead, keepShare);
        if (cut <= lead) {
            return CompactionResult.builder().items(items).strategy(NAME).tokensBefore(before).tokensAfter(before)
                    .itemsBefore(n).note("nothing to summarize: no safe cut before the newest "
                            + Math.round(keepShare * 100) + "% of the messages");
        }
        List<Item> old = items.subList(lead, cut);
        String transcript = TranscriptText.of(old);
        String note = null;
        int transcriptTokens = tc.count(transcript);
        if (transcriptTokens > maxTranscriptTokens) {
            int from = transcript.length() - (int) ((long) transcript.length() * maxTranscriptTokens / transcriptTokens);
            transcript = transcript.substring(from);
            note = "the transcript (" + transcriptTokens + " tokens) was longer than maxTranscriptTokens ("
                    + maxTranscriptTokens + "): only its newest part was summarized";
        }
        Summary s = summarizer.summarize(SummaryRequest.builder()
                .items(old)
                .transcript(transcript)
                .instructions(PROMPT)
                .maxOutputTokens(maxSummaryTokens)
                .build());
        List<Item> out = new ArrayList<>(lead + 1 + n - cut);
        out.addAll(items.subList(0, lead));
        out.add(Message.user(SUMMARY_HEADER + "\n" + s.text().strip()));
        out.addAll(items.subList(cut, n));
        return CompactionResult.builder()
                .items(out)
                .strategy(NAME)
                .tokensBefore(before)
                .tokensAfter(tc.count(out))
                .itemsBefore(n)
                .usage(s.usage())
                .requestIds(s.requestIds())
                .note(note);
    }

    /**
     * Where the kept part starts: {@code n - ceil(share * n)}, moved back to a safe cut and before
     * any call still waiting for its result; {@code lead} or less when there is nothing to summarize.
     */
    static int cut(List<? extends Item> items, int lead, double share) {
        int n = items.size();
        int keep = (int) Math.ceil(share * n);
        int cut = n - keep;
        BitSet safe = Turns.safeCuts(items);
        for (int i : Turns.unpaired(items)) {
            if (items.get(i) instanceof ToolCall && i < cut) {
                cut = i;
            }
        }
        cut = safe.previousSetBit(Math.max(0, cut));
        return Math.max(cut, 0);
    }

    /** Builds a {@link KeepRecentShareCompactor}. */
    public static final class Builder {
        private Summarizer summarizer;
        private double keepShare = 0.30;
        private int maxSummaryTokens = 4_096;
        private int maxTranscriptTokens = 120_000;
        private TokenCounter counter;

        private Builder() {}

        /** @param summarizer the one model call @return this */
        public Builder summarizer(Summarizer summarizer) {
            this.summarizer = summarizer;
            return this;
        }

        /** @param share the newest share of messages kept verbatim, 0 to 1 (default 0.30) @return this */
        public Builder keepShare(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("keepShare must be between 0 and 1, got " + share);
            }
            this.keepShare = share;
            return this;
        }

        /** @param tokens the summary's output budget (default 4,096) @return this */
        public Builder maxSummaryTokens(int tokens) {
            this.maxSummaryTokens = tokens;
            return this;
        }

        /** @param tokens the most transcript tokens sent in the one call (default 120,000) @return this */
        public Builder maxTranscriptTokens(int tokens) {
            this.maxTranscriptTokens = tokens;
            return this;
        }

        /** @param counter counts tokens; default: the request model's counter @return this */
        public Builder tokenCounter(TokenCounter counter) {
            this.counter = counter;
            return this;
        }

        /** @return the compactor */
        public KeepRecentShareCompactor build() {
            return new KeepRecentShareCompactor(this);
        }
    }
}

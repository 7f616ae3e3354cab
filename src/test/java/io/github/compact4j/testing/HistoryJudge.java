package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.InvalidConversationException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.statistics.Statistics;

/**
 * Judges a history a strategy returned in each format the library writes, with the official SDKs
 * ({@link ConversationFormat#judge(String)}): Responses items as openai-java's
 * {@code ResponseInputItem}s, Chat Completions messages as its {@code ChatCompletionMessageParam}s,
 * an Anthropic conversation as anthropic-java's {@code MessageCreateParams.Body} (beta, and
 * without betas unless the conversation needs one).
 *
 * <p>The input is written and judged first, in the same format, and only a format the library
 * writes the input in is a case for the output. Excluded, and counted in the statistics under
 * its own name, is {@value #NO_FORM}: the library refuses to write the input in that format, with
 * an {@link InvalidConversationException} naming the item. That is by design for an OpenAI
 * {@code compaction} item, hosted, shell, computer and patch calls, which have no Chat Completions
 * or Anthropic form; for Anthropic's server-tool blocks, which have no Chat Completions form; and,
 * written as Responses items, for a conversation read from Anthropic Messages with a thinking
 * block (no reasoning item without the {@code id} OpenAI gave it) or a server-tool block, or
 * from Chat Completions with a refusal or a role the Responses API does not know.
 *
 * <p>An input the library writes but the SDK refuses is no exclusion: it fails the judge, like an
 * output would, since what the library writes is for the SDK to take.
 * {@code HistoryJudgeCoverageTest} measures on fixed seeds how many generated cases each format
 * judges, so the exclusions cannot grow unnoticed.
 */
public final class HistoryJudge {

    /** The format judged the output. */
    public static final String JUDGED = "judged";

    /** The library has no form for an item of the input in the format. */
    public static final String NO_FORM = "excluded: no form in this format";

    private HistoryJudge() {}

    /**
     * A generated conversation and the format it was generated in.
     *
     * @param format the format
     * @param items the conversation read from it
     */
    public record Source(ConversationFormat format, List<Item> items) {}

    /**
     * @param format the format to generate in
     * @param r randomness
     * @param maxTurns the most model steps
     * @param openCallsAtEnd whether the last step's calls stay unanswered
     * @return a conversation generated in that format and read back; Responses conversations keep
     *     only what Chat Completions and Anthropic can hold half of the time, so they are cases
     *     for those formats too
     */
    public static Source source(ConversationFormat format, Random r, int maxTurns, boolean openCallsAtEnd) {
        List<Item> items = format.read(format.generate(r, maxTurns, openCallsAtEnd));
        if (format == ConversationFormat.RESPONSES && r.nextBoolean()) {
            items = MultiFormatConversations.portable(items);
        }
        return new Source(format, items);
    }

    /**
     * Judges the output in every format, collects each verdict in the statistics (labels
     * {@code own format} and {@code other formats}) and checks that the own format judged nearly
     * every case.
     *
     * @param source the input
     * @param output what the strategy returned for it
     * @throws AssertionError when a format the input is valid in refuses the output
     */
    public static void judgeEveryFormat(Source source, List<Item> output) {
        for (ConversationFormat g : ConversationFormat.values()) {
            String verdict = verdict(g, source.items(), output);
            Statistics.label(g == source.format() ? "own format" : "other formats").collect(verdict);
        }
        // the input is generated in its own format, so only a broken generator leaves that out
        Statistics.label("own format").coverage(c -> c.check(JUDGED).percentage(p -> p >= 95));
    }

    /**
     * @param format the format to write in
     * @param input the conversation the strategy was given
     * @param output what it returned
     * @return {@link #JUDGED} or {@link #NO_FORM}
     * @throws AssertionError when the input is written in the format and the SDK refuses it, or
     *     the output is not valid in a format the input is
     */
    public static String verdict(ConversationFormat format, List<Item> input, List<Item> output) {
        String in;
        try {
            in = format.write(input);
        } catch (InvalidConversationException e) {
            return NO_FORM;
        }
        inputPasses(format, in);
        String out;
        try {
            out = format.write(output);
        } catch (InvalidConversationException e) {
            throw new AssertionError("the input has a " + format + " form, the output has none: " + e.getMessage(), e);
        }
        try {
            format.judge(out);
        } catch (RuntimeException e) {
            throw new AssertionError("the output in " + format + " is refused by the SDK, its input was not: "
                    + e.getMessage(), e);
        }
        if (format == ConversationFormat.RESPONSES) {
            typelessOnlyFromTheInput(in, out);
        }
        return JUDGED;
    }

    /**
     * @param format the format to write in
     * @param input a conversation
     * @return what {@link #verdict(ConversationFormat, List, List)} gives for a strategy's output:
     *     {@link #NO_FORM} when the input is no case, else {@link #JUDGED}
     * @throws AssertionError when the library writes the input in the format and the SDK refuses it
     */
    public static String inputVerdict(ConversationFormat format, List<Item> input) {
        String in;
        try {
            in = format.write(input);
        } catch (InvalidConversationException e) {
            return NO_FORM;
        }
        inputPasses(format, in);
        return JUDGED;
    }

    private static void inputPasses(ConversationFormat format, String written) {
        try {
            format.judge(written);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("the library writes the input in " + format + " and the SDK refuses it: "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@link SdkJudges#openAiInputItems(String)} reads an item without {@code type} as a message;
     * only the caller's own messages may be in that short form, every item the library makes
     * carries its type.
     */
    private static void typelessOnlyFromTheInput(String in, String out) {
        Set<String> callers = new HashSet<>();
        for (JsonNode n : ConversationFormat.parse(in)) {
            if (!n.has("type")) {
                callers.add(n.toString());
            }
        }
        for (JsonNode n : ConversationFormat.parse(out)) {
            if (!n.has("type") && !callers.contains(n.toString())) {
                throw new AssertionError("the output holds an item without 'type' the input did not: " + n);
            }
        }
    }
}

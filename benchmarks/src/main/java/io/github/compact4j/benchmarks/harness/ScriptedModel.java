package io.github.compact4j.benchmarks.harness;

import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The "model" behind the scripted local server: deterministic text operations that stand in for
 * a model's summary and a model's answer, so every strategy path runs end to end without a key.
 * They are not a model and their figures say nothing about any model's quality; they show what
 * each strategy keeps verbatim and what it hands to a summarizer.
 *
 * <ul>
 *   <li>{@link #summarize}: an extractive summary. The text is cut into sentences; each scores
 *       for what a hand-off note keeps (numbers, file names and identifiers, words of decision and
 *       failure, quoted strings; less for code and log lines; more for sentences of a previous
 *       summary), and the best are taken, the later one first on a tie, until the token budget is
 *       full, then printed in their original order.</li>
 *   <li>{@link #answer}: retrieval. The answer is the sentence of the given context that shares
 *       the most rare words with the question (words compared by a crude stem; each shared word weighs
 *       {@code log(1 + sentences / sentences containing it)}), or {@code unknown}.</li>
 * </ul>
 */
final class ScriptedModel {

    static final String UNKNOWN = "unknown";

    private static final Pattern LINE = Pattern.compile("\\R+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z0-9\\[`\"'(])");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern IDENTIFIER = Pattern.compile(
            "[\\w-]+\\.(java|json|sql|md|xml|ya?ml|py|sh|properties|csv|log|conf|toml)\\b|/[\\w.-]+/|\\b[a-z]+[A-Z]\\w*|\\b[A-Z]{2,}-\\d+");
    private static final Pattern SALIENT = Pattern.compile(
            "(?i)\\b(decid\\w*|decision|agreed|chose|chosen|settled|final\\w*|error\\w*|exception|fail\\w*|must|deadline|"
                    + "budget|owner|assigned|blocked|cause|because|fixed|rejected|approved)\\b");
    private static final Pattern CODE_OR_LOG = Pattern.compile("^\\s|[{};]\\s*$|^\\s*at |^\\[(INFO|WARN|ERROR|DEBUG)\\]|^\\s*\\d+\\t");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final Set<String> STOP = Set.of("the", "and", "for", "was", "were", "what", "which", "who", "whom",
            "when", "where", "how", "did", "does", "that", "this", "with", "from", "into", "are", "has", "have", "had",
            "about", "conversation", "above", "answer", "question", "its", "their", "they", "our", "you", "your", "not",
            "any", "one", "all", "but", "can", "will", "would", "should", "there", "then", "than", "been", "being");

    private ScriptedModel() {}

    /**
     * @param text what to summarize
     * @param previous an earlier summary whose sentences are favoured, or null
     * @param budgetTokens the most tokens the summary may take
     * @param counter counts tokens
     * @return the summary: one sentence per line, in the order they came
     */
    static String summarize(String text, String previous, int budgetTokens, TokenCounter counter) {
        List<String> sentences = new ArrayList<>();
        List<Integer> scores = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (previous != null) {
            for (String s : sentences(previous, 20, 400)) {
                if (seen.add(s)) {
                    sentences.add(s);
                    scores.add(salience(s) + 5);
                }
            }
        }
        for (String s : sentences(text, 20, 400)) {
            if (seen.add(s)) {
                sentences.add(s);
                scores.add(salience(s));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(scores::get).reversed().thenComparing(Comparator.reverseOrder()));
        boolean[] taken = new boolean[sentences.size()];
        int used = 0;
        for (int i : order) {
            if (scores.get(i) <= 0) {
                break;
            }
            int t = counter.count(sentences.get(i)) + 1;
            if (used + t > budgetTokens) {
                continue;
            }
            taken[i] = true;
            used += t;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            if (taken[i]) {
                sb.append("- ").append(sentences.get(i)).append('\n');
            }
        }
        return sb.length() == 0 ? "- (nothing worth keeping)" : sb.toString().strip();
    }

    static int salience(String s) {
        if (CODE_OR_LOG.matcher(s).find()) {
            return 0;
        }
        int score = 0;
        if (DIGIT.matcher(s).find()) {
            score += 2;
        }
        if (IDENTIFIER.matcher(s).find()) {
            score += 2;
        }
        if (SALIENT.matcher(s).find()) {
            score += 3;
        }
        if (s.indexOf('`') >= 0 || s.indexOf('"') >= 0) {
            score += 1;
        }
        return score;
    }

    /**
     * @param context what the model was given
     * @param question the question
     * @return the best-matching sentence of the context, or {@link #UNKNOWN}
     */
    static String answer(String context, String question) {
        List<String> sentences = sentences(context, 3, 600);
        Set<String> q = new LinkedHashSet<>(keys(question));
        if (q.isEmpty() || sentences.isEmpty()) {
            return UNKNOWN;
        }
        List<Set<String>> keyed = new ArrayList<>(sentences.size());
        Map<String, Integer> df = new HashMap<>();
        for (String s : sentences) {
            Set<String> k = new HashSet<>(keys(s));
            keyed.add(k);
            for (String w : k) {
                if (q.contains(w)) {
                    df.merge(w, 1, Integer::sum);
                }
            }
        }
        double best = 0;
        int bestAt = -1;
        for (int i = 0; i < sentences.size(); i++) {
            double score = 0;
            for (String w : q) {
                if (keyed.get(i).contains(w)) {
                    score += Math.log(1.0 + (double) sentences.size() / df.get(w));
                }
            }
            if (score > best + 1e-9) {
                best = score;
                bestAt = i;
            }
        }
        return bestAt < 0 ? UNKNOWN : sentences.get(bestAt);
    }

    /** A crude stem: common endings off ({@code failed}, {@code fails} and {@code failing} become {@code fail}), then six characters at most. */
    static String stem(String w) {
        if (w.length() > 5 && w.endsWith("ing")) {
            w = w.substring(0, w.length() - 3);
        } else if (w.length() > 4 && w.endsWith("ed")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            w = w.substring(0, w.length() - 1);
        }
        return w.length() > 6 ? w.substring(0, 6) : w;
    }

    /** Lower-cased words of three letters or more (any number), stemmed. */
    static List<String> keys(String text) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            boolean number = Character.isDigit(w.charAt(0));
            if ((w.length() < 3 && !number) || STOP.contains(w)) {
                continue;
            }
            out.add(number ? w : stem(w));
        }
        return out;
    }

    static List<String> sentences(String text, int minChars, int maxChars) {
        List<String> out = new ArrayList<>();
        for (String line : LINE.split(text)) {
            for (String s : SENTENCE_END.split(line)) {
                String t = s.strip();
                if (t.startsWith("- ")) {
                    t = t.substring(2);
                }
                if (t.length() >= minChars) {
                    out.add(t.length() > maxChars ? t.substring(0, maxChars) : t);
                }
            }
        }
        return out;
    }
}

package io.github.compact4j.benchmarks.harness;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores a model's answer to a {@link Probe}. The rule, in order:
 *
 * <ol>
 *   <li>A blank answer is wrong.</li>
 *   <li>Both texts are normalised: Unicode NFKC, lower case, thousands separators inside numbers
 *       removed ({@code 48,500} becomes {@code 48500}), the number words zero to twenty written as
 *       digits, and every run of characters that are not letters or digits turned into one space.
 *       So {@code `afterResult = result || user`} and {@code afterresult result user} are equal,
 *       and so are {@code Turns.java} and {@code turns java}.</li>
 *   <li>The answer matches a string when the normalised string occurs in the normalised answer as
 *       whole words ({@code 138} does not match {@code 1380}). When the string is a number, any
 *       number in the answer with the same value matches too ({@code 256} matches
 *       {@code 256.0}).</li>
 *   <li>The answer is right when it matches one of the probe's expected answers and none of its
 *       rejected ones (a value the conversation later replaced, a near miss): an answer that hedges
 *       between the old and the new value is wrong.</li>
 * </ol>
 */
public final class Scoring {

    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d)[,\u202f\u00a0'](?=\\d{3}(?!\\d))");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}.])-?\\d+(?:\\.\\d+)?(?![\\p{L}\\p{N}]|\\.\\d)");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", "0"),
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"), Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"),
            Map.entry("thirteen", "13"), Map.entry("fourteen", "14"), Map.entry("fifteen", "15"),
            Map.entry("sixteen", "16"), Map.entry("seventeen", "17"), Map.entry("eighteen", "18"),
            Map.entry("nineteen", "19"), Map.entry("twenty", "20"));

    private Scoring() {}

    /**
     * @param probe the probe
     * @param answer the model's answer, may be null
     * @return whether the answer is right by the rule above
     */
    public static boolean correct(Probe probe, String answer) {
        if (answer == null || answer.isBlank()) {
            return false;
        }
        for (String r : probe.reject()) {
            if (matches(answer, r)) {
                return false;
            }
        }
        for (String e : probe.expected()) {
            if (matches(answer, e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param answer an answer
     * @param wanted a string it should contain
     * @return whether it does, by the normalised whole-word or numeric comparison
     */
    public static boolean matches(String answer, String wanted) {
        String w = normalise(wanted);
        if (w.isEmpty()) {
            return false;
        }
        String a = normalise(answer);
        if ((" " + a + " ").contains(" " + w + " ")) {
            return true;
        }
        String plainWanted = THOUSANDS.matcher(Normalizer.normalize(wanted.strip(), Normalizer.Form.NFKC)).replaceAll("");
        if (WHOLE_NUMBER.matcher(plainWanted).matches()) {
            BigDecimal target = new BigDecimal(plainWanted);
            for (BigDecimal n : numbers(answer)) {
                if (n.compareTo(target) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param text any text
     * @return the text normalised as the rule above says
     */
    public static String normalise(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = THOUSANDS.matcher(s).replaceAll("");
        s = NON_WORD.matcher(s).replaceAll(" ").strip();
        if (s.isEmpty()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (String word : s.split(" ")) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(NUMBER_WORDS.getOrDefault(word, word));
        }
        return sb.toString();
    }

    static List<BigDecimal> numbers(String text) {
        String s = THOUSANDS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll("");
        Matcher w = WORD.matcher(s);
        StringBuilder digits = new StringBuilder(s.length());
        while (w.find()) {
            String d = NUMBER_WORDS.get(w.group().toLowerCase(Locale.ROOT));
            w.appendReplacement(digits, Matcher.quoteReplacement(d != null ? d : w.group()));
        }
        w.appendTail(digits);
        List<BigDecimal> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(digits);
        while (m.find()) {
            out.add(new BigDecimal(m.group()));
        }
        return out;
    }
}

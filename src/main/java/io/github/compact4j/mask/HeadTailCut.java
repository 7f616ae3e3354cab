package io.github.compact4j.mask;

import io.github.compact4j.tokens.TokenCounter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Shortens an oversized text to a token budget by keeping its beginning and its end, with a
 * marker in between that says how much was cut. Command output tends to say what it is about at
 * the top (the command's header, the first matches) and how it ended at the bottom (the failing
 * test, the exit status), so both ends are worth more than the middle.
 *
 * <p>The cut falls on line boundaries where that costs little, and never inside a surrogate pair.
 * The result, marker included, is never over the budget; so cutting a cut text again changes
 * nothing.
 */
final class HeadTailCut {

    /** The variables a truncation marker may use. */
    static final Set<String> VARIABLES = Set.of("cut_tokens", "cut_lines", "cut_chars", "tokens");

    /** A budget so tight that even the marker does not fit is retried this often before giving up. */
    private static final int ATTEMPTS = 4;

    private final Template marker;

    HeadTailCut(Template marker) {
        this.marker = marker;
    }

    /**
     * @param text the text
     * @param tokens its token count
     * @param maxTokens the budget
     * @param counter counts tokens
     * @return the shortened text, at most {@code maxTokens} tokens; empty when the text already
     *     fits or when the budget cannot even hold the marker
     */
    Optional<String> cut(String text, int tokens, int maxTokens, TokenCounter counter) {
        if (tokens <= maxTokens) {
            return Optional.empty();
        }
        int n = text.length();
        // reserve room for the marker with the largest figures it could show
        String widest = render(tokens, lineBreaks(text, 0, n), n, tokens);
        int keep = maxTokens - counter.count(widest) - 2;
        for (int attempt = 0; attempt < ATTEMPTS && keep > 0; attempt++) {
            int tailBudget = keep / 2;
            int headBudget = keep - tailBudget;
            int p = snapBack(text, prefixWithin(text, headBudget, counter));
            int s = snapForward(text, suffixStartWithin(text, tailBudget, counter), p);
            if (s <= p) {
                return Optional.empty(); // nothing left to cut: the text fits after all
            }
            String cutPart = text.substring(p, s);
            String head = text.substring(0, p);
            String tail = text.substring(s);
            String m = render(counter.count(cutPart), lineBreaks(text, p, s), cutPart.length(), tokens);
            String out = head + (head.isEmpty() || head.endsWith("\n") ? "" : "\n") + m
                    + (tail.isEmpty() ? "" : "\n") + tail;
            int got = counter.count(out);
            if (got <= maxTokens) {
                return Optional.of(out);
            }
            // tokens can merge across the joins: shrink by the overshoot and try again
            keep -= got - maxTokens + 1;
        }
        return Optional.empty();
    }

    private String render(int cutTokens, int cutLines, int cutChars, int tokens) {
        return marker.render(Map.of(
                "cut_tokens", Integer.toString(cutTokens),
                "cut_lines", Integer.toString(cutLines),
                "cut_chars", Integer.toString(cutChars),
                "tokens", Integer.toString(tokens)));
    }

    /** The longest prefix length whose tokens fit the budget (searched, since BPE has no fixed ratio). */
    static int prefixWithin(String text, int budget, TokenCounter counter) {
        int n = text.length();
        if (budget <= 0 || n == 0) {
            return 0;
        }
        int ok = 0;
        int probe = (int) Math.min(n, (long) budget * 4);
        while (counter.count(text.substring(0, probe)) <= budget) {
            ok = probe;
            if (probe == n) {
                return n;
            }
            probe = (int) Math.min(n, (long) probe * 2);
        }
        int bad = probe;
        while (bad - ok > 1) {
            int mid = (ok + bad) >>> 1;
            if (counter.count(text.substring(0, mid)) <= budget) {
                ok = mid;
            } else {
                bad = mid;
            }
        }
        return ok;
    }

    /** The smallest start of a suffix whose tokens fit the budget. */
    static int suffixStartWithin(String text, int budget, TokenCounter counter) {
        int n = text.length();
        if (budget <= 0 || n == 0) {
            return n;
        }
        int okLen = 0;
        int probe = (int) Math.min(n, (long) budget * 4);
        while (counter.count(text.substring(n - probe)) <= budget) {
            okLen = probe;
            if (probe == n) {
                return 0;
            }
            probe = (int) Math.min(n, (long) probe * 2);
        }
        int badLen = probe;
        while (badLen - okLen > 1) {
            int mid = (okLen + badLen) >>> 1;
            if (counter.count(text.substring(n - mid)) <= budget) {
                okLen = mid;
            } else {
                badLen = mid;
            }
        }
        return n - okLen;
    }

    /** Ends the head after a line break when one lies in its second half; never splits a surrogate pair. */
    static int snapBack(String text, int p) {
        if (p > 0 && p < text.length() && text.charAt(p - 1) != '\n') {
            int nl = text.lastIndexOf('\n', p - 1);
            if (nl >= 0 && nl + 1 >= p / 2) {
                p = nl + 1;
            }
        }
        if (p > 0 && p < text.length() && Character.isHighSurrogate(text.charAt(p - 1))) {
            p--;
        }
        return p;
    }

    /** Starts the tail at a line start when that keeps at least half of it; never before {@code floor}. */
    static int snapForward(String text, int s, int floor) {
        int n = text.length();
        s = Math.max(s, floor);
        if (s > 0 && s < n && text.charAt(s - 1) != '\n') {
            int nl = text.indexOf('\n', s);
            if (nl >= 0 && n - (nl + 1) >= (n - s) / 2) {
                s = nl + 1;
            }
        }
        if (s > 0 && s < n && Character.isLowSurrogate(text.charAt(s))) {
            s++;
        }
        return s;
    }

    static int lineBreaks(String text, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                c++;
            }
        }
        return c;
    }
}

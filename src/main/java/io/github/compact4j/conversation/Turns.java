package io.github.compact4j.conversation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a conversation that compaction must respect: where the head ends, where each turn
 * starts, and where the conversation may be cut without breaking it.
 *
 * <p><b>Head.</b> The system and developer messages at the start and the first user message (the
 * task). Every strategy keeps it verbatim.
 *
 * <p><b>Turn.</b> One step of the agent: a user message or the model's output, up to the next step.
 * A turn starts at a user message, or at a model item (assistant message, reasoning, tool call or
 * hosted tool item) that follows a tool result. So {@code [user, reasoning, call, call, result,
 * result]} is one turn, and the model's answer after the results starts the next one.
 *
 * <p><b>Safe cut.</b> A position {@code i} such that splitting the list into {@code [0, i)} and
 * {@code [i, n)} keeps every tool call with its result (neither side holds a call whose result is
 * on the other side) and keeps every reasoning item with the item that follows it (an assistant
 * message or call replayed without its reasoning item makes the next OpenAI call fail with a 400).
 *
 * <pre>{@code
 * int head = Turns.headEnd(items);
 * BitSet cuts = Turns.safeCuts(items);
 * }</pre>
 */
public final class Turns {

    private Turns() {}

    /**
     * @param items a conversation
     * @return the index just past the head: the leading system/developer messages and the first
     *     user message; 0 when the conversation does not start with messages
     */
    public static int headEnd(List<? extends Item> items) {
        int i = 0;
        while (i < items.size() && items.get(i) instanceof Message m && m.isInstruction()) {
            i++;
        }
        if (i < items.size() && items.get(i) instanceof Message m && Message.USER.equals(m.role())) {
            i++;
        }
        return i;
    }

    /**
     * @param items a conversation
     * @return the start index of every turn after the head, ascending
     */
    public static List<Integer> turnStarts(List<? extends Item> items) {
        List<Integer> starts = new ArrayList<>();
        int head = headEnd(items);
        boolean afterResult = true; // the first item after the head starts a turn
        for (int i = head; i < items.size(); i++) {
            Item it = items.get(i);
            boolean user = it instanceof Message m && !Message.ASSISTANT.equals(m.role());
            boolean result = it instanceof ToolResult;
            if (user || (!result && afterResult)) {
                if (starts.isEmpty() || starts.get(starts.size() - 1) != i) {
                    starts.add(i);
                }
            }
            afterResult = result;
        }
        return starts;
    }

    /**
     * @param items a conversation
     * @return bit {@code i} (0..n inclusive) is set when cutting before item {@code i} is safe;
     *     0 and n are always safe
     */
    public static BitSet safeCuts(List<? extends Item> items) {
        int n = items.size();
        // For each position, how many call/result pairs span it; a cut inside any pair is unsafe.
        int[] delta = new int[n + 2];
        Map<String, Integer> openCalls = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            if (it instanceof ToolCall c) {
                openCalls.put(key(c.type(), c.callId()), i);
            } else if (it instanceof ToolResult r) {
                Integer callAt = openCalls.remove(key(r.callType(), r.callId()));
                if (callAt != null) {
                    // cuts at callAt+1 .. i are inside the pair
                    delta[callAt + 1]++;
                    delta[i + 1]--;
                }
            }
        }
        BitSet safe = new BitSet(n + 1);
        int spanning = 0;
        for (int i = 0; i <= n; i++) {
            spanning += delta[i];
            boolean afterReasoning = i > 0 && i < n && items.get(i - 1) instanceof Reasoning;
            if (i == 0 || i == n || (spanning == 0 && !afterReasoning)) {
                safe.set(i);
            }
        }
        return safe;
    }

    /**
     * Lists tool calls without a result after them and results without a call before them. A
     * conversation the model produced has none, except calls still waiting for their results at
     * its very end.
     *
     * @param items a conversation
     * @return the indexes of unpaired calls and results, ascending
     */
    public static List<Integer> unpaired(List<? extends Item> items) {
        Map<String, Integer> open = new HashMap<>();
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it instanceof ToolCall c) {
                Integer dup = open.put(key(c.type(), c.callId()), i);
                if (dup != null) {
                    bad.add(dup);
                }
            } else if (it instanceof ToolResult r && open.remove(key(r.callType(), r.callId())) == null) {
                bad.add(i);
            }
        }
        bad.addAll(open.values());
        bad.sort(null);
        return bad;
    }

    private static String key(String type, String callId) {
        return type + '\u0000' + callId;
    }
}

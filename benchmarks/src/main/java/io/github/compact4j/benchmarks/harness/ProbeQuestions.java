package io.github.compact4j.benchmarks.harness;

/** How a probe is put to a model: the instructions and the user message that carries the question. */
final class ProbeQuestions {

    /** The start of every probe's user message; the scripted server recognises a probe by it. */
    static final String PREFIX = "Question about the conversation so far: ";

    /** The instructions (system prompt) of a probe call. */
    static final String INSTRUCTIONS = "You are checking what you remember of the conversation you were given. "
            + "Answer the user's last question from that conversation only, in one short sentence that states the "
            + "exact value (file name, number, name, error message or decision). Do not call tools. If the "
            + "conversation does not say, answer exactly: unknown";

    /** Output budget of a probe answer, in tokens (generous for reasoning models). */
    static final int MAX_TOKENS = 2_048;

    private ProbeQuestions() {}

    static String message(String question) {
        return PREFIX + question;
    }

    static String questionOf(String message) {
        return message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : message;
    }
}

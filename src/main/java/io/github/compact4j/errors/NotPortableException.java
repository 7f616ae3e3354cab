package io.github.compact4j.errors;


/**
 * The conversation holds an OpenAI compaction item, but it is headed for a backend that cannot
 * read one. Only OpenAI (and Azure OpenAI) can decrypt a {@code compaction} item; any other
 * provider would reject it or, worse, lose what it stands for.
 *
 * <p>Put the original items back from the compaction journal
 * ({@code ManagedConversation.rebuild()} does it, and does it by itself when it meets this
 * exception) and let the new backend's compactor summarize them.
 */
public class NotPortableException extends InvalidConversationException {

    private static final long serialVersionUID = 1L;

    /**
     * @param itemIndex the index of the first compaction item
     * @param backend the backend the conversation is headed for, e.g. {@code anthropic/claude-sonnet-4-5}
     */
    public NotPortableException(int itemIndex, String backend) {
        super(itemIndex, "type", "an OpenAI compaction item, which " + backend
                + " cannot read; rebuild the history from the compaction journal (ManagedConversation.rebuild())"
                + " so it can be summarized for this backend");
    }
}

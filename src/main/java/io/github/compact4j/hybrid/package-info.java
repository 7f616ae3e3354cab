/**
 * Masking first, a summary only when masking is not enough:
 * {@link io.github.compact4j.hybrid.HybridCompactor} composes the two compactors it is given, so it
 * calls a model only for the conversations masking cannot bring to the target, and then on the
 * masked, smaller conversation.
 *
 * <pre>{@code
 * ContextCompactor hybrid = HybridCompactor.builder().masking(masking).summarizing(summarizing).build();
 * }</pre>
 */
package io.github.compact4j.hybrid;

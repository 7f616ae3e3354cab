/**
 * Compaction without a model: {@link io.github.compact4j.mask.ToolOutputMaskingCompactor} replaces
 * the tool outputs an agent has moved past with short placeholders, never removing or reordering an
 * item.
 *
 * <pre>{@code
 * ContextCompactor masking = ToolOutputMaskingCompactor.builder().keepRecentTurns(3).build();
 * }</pre>
 */
package io.github.compact4j.mask;


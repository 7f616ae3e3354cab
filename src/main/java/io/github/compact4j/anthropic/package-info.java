/**
 * Anthropic's own compaction: {@link io.github.compact4j.anthropic.AnthropicCompactClient}, the
 * Messages API with the {@code compaction} parameter (beta {@code compact-2026-09-04}). See
 * {@code docs/native-compaction.md}.
 */
package io.github.compact4j.anthropic;

package io.github.compact4j.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * The Spring AI chat memory ({@code compact4j-spring-ai}'s {@code CompactingChatMemory}), when that
 * artifact and Spring AI are on the class path.
 *
 * <p><b>TO COMPLETE AFTER MERGING compact4j-spring-ai.</b> That artifact is built on another
 * branch, so this class names it only in the condition and declares no bean yet. Once merged, add
 * {@code compact4j-spring-ai} as an optional dependency of the starter and declare here a
 * {@code @Bean @ConditionalOnMissingBean} {@code CompactingChatMemory} built from the
 * {@link CompactionBackends} (the backend named by a {@code compact4j.spring-ai.backend} property),
 * the {@code CompactionPolicy} bean and, when present, the {@link CompactionJournals} bean, with a
 * test in {@code Compact4jApplicationTest}'s style.
 */
@AutoConfiguration(after = Compact4jAutoConfiguration.class)
@ConditionalOnClass(name = {"io.github.compact4j.springai.CompactingChatMemory",
        "org.springframework.ai.chat.memory.ChatMemory"})
public class Compact4jSpringAiAutoConfiguration {
}

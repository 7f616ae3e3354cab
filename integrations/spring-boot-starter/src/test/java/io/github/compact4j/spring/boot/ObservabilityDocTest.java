package io.github.compact4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.springai.CompactingChatMemory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The starter's section of docs/observability.md against the starter: its properties table
 * against the metadata the build generates, and its YAML blocks bound by the auto-configuration.
 * The {@code ChatClient} bean of the section is {@link Compact4jSpringAiApplicationTest}'s.
 */
class ObservabilityDocTest {

    private static final Path DOC = Path.of("../../docs/observability.md");

    private static String section(String heading) throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("\n" + heading + "\n");
        assertThat(start).as("%s in %s", heading, DOC).isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    /** The first YAML block after a heading. */
    private static String yaml(String heading) throws Exception {
        String s = section(heading);
        int start = s.indexOf("```yaml\n");
        assertThat(start).as("a YAML block under %s", heading).isNotNegative();
        return s.substring(start + "```yaml\n".length(), s.indexOf("```", start + 1));
    }

    private static ApplicationContextRunner withYaml(ApplicationContextRunner runner, String yaml) throws Exception {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("doc",
                new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        // the keys' variables, as the app's environment would hold them
        return runner.withInitializer(c -> sources.forEach(s -> c.getEnvironment().getPropertySources().addFirst(s)))
                .withPropertyValues("OPENAI_API_KEY=sk-test-doc", "ANTHROPIC_API_KEY=sk-ant-test-doc");
    }

    @Test
    void thePropertiesTableNamesEveryPropertyAndNoOther() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        Set<String> properties = new LinkedHashSet<>();
        metadata.get("properties").forEach(p -> {
            if (p.get("name").asText().startsWith("compact4j.")) {
                properties.add(p.get("name").asText());
            }
        });
        String table = section("## Spring Boot starter");
        table = table.substring(table.indexOf("### Properties"), table.indexOf("### Journals"));
        Set<String> documented = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(compact4j\\.[^`]+)`").matcher(table);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(properties).hasSizeGreaterThan(20);
        List<String> missing = new ArrayList<>();
        for (String p : properties) {
            // a map's entries are documented by their own keys: compact4j.backends.<name>.provider, ...
            boolean map = documented.stream().anyMatch(d -> d.startsWith(p + ".<"));
            if (!documented.contains(p) && !map) {
                missing.add(p);
            }
        }
        assertThat(missing).as("in the metadata, not in the table").isEmpty();
        List<String> unknown = documented.stream().filter(d -> !d.contains("<") && !properties.contains(d)).toList();
        assertThat(unknown).as("in the table, not in the metadata").isEmpty();
    }

    @Test
    void theSpringAiSectionsYamlGivesTheMemoryItDescribes() throws Exception {
        String yaml = yaml("### The Spring AI chat memory");
        withYaml(new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ChatMemoryAutoConfiguration.class,
                Compact4jAutoConfiguration.class, Compact4jSpringAiAutoConfiguration.class)), yaml).run(context -> {
                    assertThat(context.getBean(ChatMemory.class)).isInstanceOf(CompactingChatMemory.class);
                    CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
                    assertThat(memory.toString()).contains("model=gpt-4o-mini", "maxTokens=64000",
                            "compactor=chain[summarizing>masking]");
                    // the number the YAML's comment gives
                    assertThat(yaml).contains("# compacts at 51200 tokens");
                    assertThat(memory.triggerTokens()).isEqualTo(51_200);
                    assertThat(context.getEnvironment().getProperty("spring.ai.openai.api-key")).isEqualTo("sk-test-doc");
                });
    }

    @Test
    void theStartersYamlGivesItsBackendsPolicyAndJournals() throws Exception {
        String yaml = yaml("## Spring Boot starter");
        withYaml(new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Compact4jAutoConfiguration.class)), yaml)
                .run(context -> {
                    CompactionBackends backends = context.getBean(CompactionBackends.class);
                    assertThat(backends.names()).containsExactly("coder", "reviewer");
                    assertThat(backends.compactor("coder").name()).isEqualTo("chain[openai-compact>summarizing>masking]");
                    assertThat(backends.backend("reviewer").summaryModel()).isEqualTo("claude-haiku-4-5");
                    assertThat(context.getBean(CompactionPolicy.class).triggerRatio()).isEqualTo(0.85);
                    assertThat(context.getBean(CompactionJournals.class).toString())
                            .isEqualTo("CompactionJournals{directory=/var/lib/agents/journals}");
                    assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
                            .isEqualTo("health,metrics,compact4j");
                });
    }
}

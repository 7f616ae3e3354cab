package io.github.compact4j.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // name as apps send it,                       window,     max output, provider
            "gpt-5.1-codex-max,                            400000,     128000,     openai",
            "gpt-5,                                        400000,     128000,     openai",
            "gpt-5-mini-2025-08-07,                        400000,     128000,     openai",
            "gpt-5-chat-latest,                            128000,     16384,      openai",
            "gpt-5-pro,                                    400000,     272000,     openai",
            "gpt-4.1-mini-2025-04-14,                      1047576,    32768,      openai",
            "gpt-4o-2024-08-06,                            128000,     16384,      openai",
            "gpt-4o-2024-05-13,                            128000,     4096,       openai",
            "GPT-4o-Mini,                                  128000,     16384,      openai",
            "openai/gpt-4o,                                128000,     16384,      openai",
            "azure/gpt-4.1,                                1047576,    32768,      openai",
            "ft:gpt-4o-mini-2024-07-18:acme::9abc,         128000,     16384,      openai",
            "gpt-4-0613,                                   8192,       8192,       openai",
            "gpt-4-1106-preview,                           128000,     4096,       openai",
            "gpt-3.5-turbo-0125,                           16385,      4096,       openai",
            "o3,                                           200000,     100000,     openai",
            "o3-mini-2025-01-31,                           200000,     100000,     openai",
            "o4-mini,                                      200000,     100000,     openai",
            "o1-mini,                                      128000,     65536,      openai",
            "gpt-oss:20b,                                  131072,     131072,     openai",
            "claude-sonnet-4-5-20250929,                   200000,     64000,      anthropic",
            "claude-sonnet-4-5@20250929,                   200000,     64000,      anthropic",
            "anthropic/claude-sonnet-4.5,                  200000,     64000,      anthropic",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0, 200000,     64000,      anthropic",
            "claude-opus-4-1-20250805,                     200000,     32000,      anthropic",
            "claude-opus-4-20250514,                       200000,     32000,      anthropic",
            "claude-haiku-4-5,                             200000,     64000,      anthropic",
            "claude-opus-4-6,                              1000000,    128000,     anthropic",
            "claude-3-7-sonnet-latest,                     200000,     64000,      anthropic",
            "claude-3-5-sonnet-20241022,                   200000,     8192,       anthropic",
            "anthropic.claude-3-5-haiku-20241022-v1:0,     200000,     8192,       anthropic",
            "claude-3-opus-20240229,                       200000,     4096,       anthropic",
            "claude-next-generation,                       200000,     8192,       anthropic",
            "gemini-2.5-pro,                               1048576,    65536,      google",
            "models/gemini-2.5-flash-preview-05-20,        1048576,    65536,      google",
            "gemini-2.0-flash-lite,                        1048576,    8192,       google",
            "gemini-1.5-pro-002,                           2097152,    8192,       google",
            "gemini-1.5-flash-8b,                          1048576,    8192,       google",
            "gemini-3-pro-preview,                         1048576,    65536,      google",
            "llama-3.3-70b-instruct,                       131072,     0,          meta",
            "meta-llama/Llama-3.3-70B-Instruct-Turbo,      131072,     0,          meta",
            "meta-llama/Meta-Llama-3.1-8B-Instruct,        131072,     0,          meta",
            "meta-llama/Meta-Llama-3-8B-Instruct,          8192,       0,          meta",
            "llama3.2:3b,                                  131072,     0,          meta",
            "meta.llama3-1-70b-instruct-v1:0,              131072,     0,          meta",
            "llama-3.3-70b-versatile,                      131072,     0,          meta",
            "qwen2.5-coder,                                32768,      8192,       qwen",
            "qwen2.5-coder:32b,                            32768,      8192,       qwen",
            "Qwen/Qwen2.5-72B-Instruct,                    32768,      8192,       qwen",
            "qwen3:30b-a3b,                                32768,      0,          qwen",
            "Qwen/Qwen3-Coder-480B-A35B-Instruct,          262144,     0,          qwen",
            "deepseek-chat,                                128000,     8192,       deepseek",
            "deepseek-reasoner,                            128000,     65536,      deepseek",
            "deepseek-ai/DeepSeek-V3-0324,                 128000,     0,          deepseek",
            "deepseek-r1:70b,                              128000,     0,          deepseek",
            "deepseek-ai/DeepSeek-R1-Distill-Llama-70B,    128000,     0,          deepseek",
            "mistral-large-latest,                         131072,     0,          mistral",
            "mistralai/Mistral-7B-Instruct-v0.3,           32768,      0,          mistral",
            "mistral.mistral-large-2407-v1:0,              131072,     0,          mistral",
            "codestral-2501,                               262144,     0,          mistral",
            "open-mixtral-8x22b,                           65536,      0,          mistral",
            "gemma3:27b,                                   131072,     0,          google",
            "google/gemma-2-9b-it,                         8192,       0,          google",
            "phi4,                                         16384,      0,          microsoft",
            "microsoft/Phi-3.5-mini-instruct,              131072,     0,          microsoft",
            "microsoft/Phi-3-mini-4k-instruct,             4096,       0,          microsoft",
            "microsoft/Phi-3-medium-128k-instruct,         131072,     0,          microsoft",
    })
    void knownModelsAndTheirAliases(String model, int window, int maxOut, String provider) {
        ModelInfo info = catalog.find(model).orElseThrow(() -> new AssertionError("no entry for " + model));
        assertEquals(window, info.contextWindow(), model + " window");
        assertEquals(maxOut, info.maxOutputTokens(), model + " max output");
        assertEquals(provider, info.provider(), model + " provider");
    }

    @Test
    void encodingFollowsTheModelFamily() {
        assertEquals(TokenEncoding.CL100K_BASE, catalog.lookup("gpt-4-turbo-2024-04-09").encoding());
        assertEquals(TokenEncoding.CL100K_BASE, catalog.lookup("gpt-3.5-turbo").encoding());
        assertEquals(TokenEncoding.O200K_BASE, catalog.lookup("gpt-4o").encoding());
        assertEquals(TokenEncoding.O200K_BASE, catalog.lookup("gpt-4.1").encoding());
        assertEquals(TokenEncoding.O200K_BASE, catalog.lookup("gpt-4.5-preview").encoding());
        assertEquals(TokenEncoding.O200K_BASE, catalog.lookup("claude-opus-4-1").encoding());
        assertTrue(catalog.lookup("gpt-5").exactTokenizer());
        assertFalse(catalog.lookup("claude-opus-4-1").exactTokenizer());
        assertSame(TokenCounter.forEncoding(TokenEncoding.CL100K_BASE), catalog.counterFor("gpt-4"));
    }

    @Test
    void unknownModelsGetTheDocumentedDefault() {
        for (String unknown : new String[] {"my-local-model", "text-davinci-003x", "", "   ", null}) {
            assertTrue(catalog.find(unknown).isEmpty(), String.valueOf(unknown));
            ModelInfo info = catalog.lookup(unknown);
            assertSame(catalog.unknownModel(), info);
            assertEquals(128_000, info.contextWindow());
            assertEquals(16_384, info.maxOutputTokens());
            assertEquals(TokenEncoding.O200K_BASE, info.encoding());
            assertEquals("unknown", info.provider());
        }
    }

    @Test
    void prefixesMatchOnlyAtABoundary() {
        // "gpt-4" must not answer for "gpt-4o", nor "o1" for "o1x"
        assertEquals(128_000, catalog.lookup("gpt-4o").contextWindow());
        assertTrue(catalog.find("o1x").isEmpty());
        assertTrue(catalog.find("gpt-40").isEmpty());
        assertTrue(catalog.find("claudette").isEmpty());
    }

    @Test
    void codeOverridesReplaceAndExtendTheDefaults() {
        ModelCatalog mine = ModelCatalog.builder()
                .from(ModelCatalog.defaults())
                .put("my-model", ModelInfo.of("acme", 32_000, 2_000))
                .put("llama-3.3", ModelInfo.of("meta", 16_384, 4_096))
                .unknownModel(ModelInfo.of("unknown", 8_192, 1_024))
                .build();
        assertEquals(32_000, mine.lookup("my-model").contextWindow());
        assertEquals(32_000, mine.lookup("acme/my-model-v2:7b").contextWindow());
        assertEquals("acme", mine.lookup("My_Model").provider());
        assertEquals(16_384, mine.lookup("llama3.3:70b").contextWindow());
        assertEquals(131_072, mine.lookup("llama-3.1-8b").contextWindow(), "untouched entries stay");
        assertEquals(8_192, mine.lookup("nobody-knows").contextWindow());
        // the defaults are not changed by deriving from them
        assertEquals(131_072, ModelCatalog.defaults().lookup("llama3.3:70b").contextWindow());
        assertEquals(128_000, ModelCatalog.defaults().lookup("nobody-knows").contextWindow());

        ModelCatalog without = mine.toBuilder().remove("llama-3.3").build();
        assertEquals(8_192, without.lookup("llama-3.3").contextWindow(), "falls back to the 'llama-3' entry");
    }

    @Test
    void exactNamesWithAProviderPrefixCanBeOverridden() {
        ModelCatalog mine = ModelCatalog.defaults().toBuilder()
                .put("groq/llama-3.3-70b-versatile", ModelInfo.of("meta", 32_768, 32_768))
                .build();
        assertEquals(32_768, mine.lookup("groq/llama-3.3-70b-versatile").contextWindow());
        assertEquals(131_072, mine.lookup("together/llama-3.3-70b-versatile").contextWindow());
    }

    @Test
    void propertiesOverrideFieldByField() {
        Properties p = new Properties();
        p.setProperty("gpt-4.1.context-window", "200000");          // keeps the other gpt-4.1 figures
        p.setProperty("my-model.context-window", "64,000");
        p.setProperty("my-model.max-output-tokens", "4_096");
        p.setProperty("my-model.encoding", "cl100k_base");
        p.setProperty("my-model.provider", "Acme");
        p.setProperty("*.context-window", "32000");
        p.setProperty("*.max-output-tokens", "4000");
        ModelCatalog mine = ModelCatalog.builder().from(ModelCatalog.defaults()).properties(p).build();

        ModelInfo gpt41 = mine.lookup("gpt-4.1-mini");
        assertEquals(200_000, gpt41.contextWindow());
        assertEquals(32_768, gpt41.maxOutputTokens());
        assertEquals("openai", gpt41.provider());

        ModelInfo m = mine.lookup("my-model");
        assertEquals(64_000, m.contextWindow());
        assertEquals(4_096, m.maxOutputTokens());
        assertEquals(TokenEncoding.CL100K_BASE, m.encoding());
        assertEquals("acme", m.provider());

        assertEquals(32_000, mine.unknownModel().contextWindow());
        assertEquals(4_000, mine.lookup("nobody-knows").maxOutputTokens());
    }

    @Test
    void badPropertiesNameTheKey() {
        Properties unknownField = new Properties();
        unknownField.setProperty("my-model.window", "1000");
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> ModelCatalog.builder().properties(unknownField));
        assertTrue(a.getMessage().contains("'my-model.window'"), a.getMessage());

        Properties notANumber = new Properties();
        notANumber.setProperty("my-model.context-window", "lots");
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> ModelCatalog.builder().properties(notANumber));
        assertTrue(b.getMessage().contains("'my-model.context-window'") && b.getMessage().contains("'lots'"),
                b.getMessage());

        Properties badEncoding = new Properties();
        badEncoding.setProperty("my-model.encoding", "sentencepiece");
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> ModelCatalog.builder().properties(badEncoding));
        assertTrue(c.getMessage().contains("'my-model.encoding'"), c.getMessage());

        Properties outputTooLarge = new Properties();
        outputTooLarge.setProperty("tiny.context-window", "1000");
        outputTooLarge.setProperty("tiny.max-output-tokens", "5000");
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> ModelCatalog.builder().properties(outputTooLarge));
        assertTrue(d.getMessage().contains("'tiny'") && d.getMessage().contains("maxOutputTokens"), d.getMessage());
    }

    @Test
    void propertiesFileIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("models.properties");
        Files.writeString(file, "# my server\nqwen3-coder.context-window=65536\n", StandardCharsets.UTF_8);
        ModelCatalog mine = ModelCatalog.defaults().toBuilder().load(file).build();
        assertEquals(65_536, mine.lookup("qwen3-coder:30b").contextWindow());
        assertThrows(UncheckedIOException.class, () -> ModelCatalog.builder().load(dir.resolve("missing.properties")));
    }

    @Test
    void entriesAreUnmodifiableAndNormalised() {
        assertThrows(UnsupportedOperationException.class,
                () -> catalog.entries().put("x", ModelInfo.of("x", 1, 0)));
        assertTrue(catalog.entries().containsKey("llama-3.3"));
        assertTrue(catalog.entries().containsKey("qwen-2.5-coder"));
        assertEquals(ModelCatalog.normalize("Llama3.3"), ModelCatalog.normalize("llama_3.3"));
    }

    @Test
    void modelInfoRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ModelInfo.of("x", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ModelInfo.of("x", 1_000, -1));
        assertThrows(IllegalArgumentException.class, () -> ModelInfo.of("x", 1_000, 2_000));
        ModelInfo a = ModelInfo.of("OpenAI", 1_000, 100);
        assertEquals("openai", a.provider());
        assertEquals(a, a.toBuilder().build());
        assertEquals(2_000, a.toBuilder().contextWindow(2_000).build().contextWindow());
        assertEquals("unknown", ModelInfo.builder().contextWindow(10).build().provider());
    }
}

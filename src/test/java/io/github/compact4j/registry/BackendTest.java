package io.github.compact4j.registry;

import io.github.compact4j.http.AuthStyle;

import io.github.compact4j.registry.Backend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.registry.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void takesKeyAndBaseUrlFromTheProvidersVariablesAndDefaults() {
        Backend b = Backend.builder().provider("groq").model("llama-3.3-70b-versatile")
                .environment(Map.of("GROQ_API_KEY", "gsk_test_0123456789abcdef")).build();
        assertEquals("https://api.groq.com/openai/v1", b.baseUrl());
        assertEquals("gsk_test_0123456789abcdef", b.apiKey().orElseThrow());
        assertEquals("groq/llama-3.3-70b-versatile", b.id());

        Backend g = Backend.builder().provider("gemini").model("gemini-2.5-pro")
                .environment(Map.of("GOOGLE_API_KEY", "AIzaTestKey0123456789abcdefghij")).build();
        assertEquals("AIzaTestKey0123456789abcdefghij", g.apiKey().orElseThrow(), "second variable is searched");

        Backend o = Backend.builder().provider("ollama").model("qwen2.5-coder").environment(Map.of()).build();
        assertEquals("http://localhost:11434/v1", o.baseUrl());
        assertTrue(o.apiKey().isEmpty());
    }

    @Test
    void explicitValuesWinAndTrailingSlashesGo() {
        Backend b = Backend.builder().provider("OpenAI").model("gpt-5.1").baseUrl("http://127.0.0.1:8080/v1/")
                .apiKey("sk-explicit-0123456789abcdef")
                .environment(Map.of("OPENAI_API_KEY", "sk-env-0123456789abcdef", "OPENAI_BASE_URL", "https://x/v1"))
                .build();
        assertEquals("http://127.0.0.1:8080/v1", b.baseUrl());
        assertEquals("sk-explicit-0123456789abcdef", b.apiKey().orElseThrow());
        assertEquals("openai", b.provider());
    }

    @Test
    void toStringNeverShowsTheKeyOrHeaderValues() {
        Backend b = Backend.builder().provider("openrouter").model("anthropic/claude-sonnet-4.5")
                .apiKey("sk-or-v1-secretsecretsecret").header("X-Title", "my-secret-header-value")
                .environment(Map.of()).build();
        String s = b.toString();
        assertFalse(s.contains("secretsecret"), s);
        assertFalse(s.contains("my-secret-header-value"), s);
        assertTrue(s.contains("apiKey=REDACTED"), s);
    }

    @Test
    void errorsSayWhatIsMissingAndWhatToDo() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Backend.builder().provider("acme"), "an unknown provider is refused in its setter");
        assertTrue(unknown.getMessage().contains("unknown provider 'acme'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("openai-compatible"), unknown.getMessage());

        IllegalStateException azure = assertThrows(IllegalStateException.class,
                () -> Backend.builder().provider("azure").model("gpt-4o").environment(Map.of()).build(),
                "a base URL missing at build() is a missing required value");
        assertTrue(azure.getMessage().contains("needs a baseUrl"), azure.getMessage());
        assertTrue(azure.getMessage().contains("AZURE_OPENAI_BASE_URL"), azure.getMessage());

        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> Backend.builder().provider("openai-compatible").model("m").baseUrl("localhost:9000"));
        assertTrue(scheme.getMessage().contains("must start with http:// or https://"), scheme.getMessage());

        assertThrows(IllegalStateException.class, () -> Backend.builder().provider("openai").build());
        assertThrows(NullPointerException.class, () -> Backend.builder().model(null));
    }

    @Test
    void catalogueCoversEveryProviderTheDesignNames() {
        for (String id : new String[] {"openai", "azure-openai", "anthropic", "gemini", "ollama", "vllm", "lmstudio",
                "groq", "openrouter", "together", "deepseek", "xai", "openai-compatible"}) {
            assertTrue(Provider.of(id).isPresent(), id);
        }
        assertTrue(Provider.of("openai").orElseThrow().hasNativeCompaction());
        assertTrue(Provider.of("azure-openai").orElseThrow().hasNativeCompaction());
        assertTrue(Provider.of("anthropic").orElseThrow().hasNativeCompaction());
        assertTrue(Provider.of("xai").orElseThrow().hasNativeCompaction());
        assertFalse(Provider.of("deepseek").orElseThrow().hasNativeCompaction());
        assertEquals(AuthStyle.AZURE_API_KEY, Provider.of("azure").orElseThrow().authStyle(),
                "Azure's key header is a property of the provider, not a string compare");
        assertEquals(AuthStyle.X_API_KEY, Provider.of("anthropic").orElseThrow().authStyle());
        assertTrue(Provider.of("openai").orElseThrow().readsOpenAiCompactionItems());
        assertFalse(Provider.of("groq").orElseThrow().readsOpenAiCompactionItems());
        assertEquals(Provider.Api.ANTHROPIC_MESSAGES, Provider.of("anthropic").orElseThrow().api());
        assertEquals(13, Provider.known().size());
    }

    @Test
    void readsABackendFromPropertiesUnderAPrefix() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("agents.reviewer.provider", "anthropic");
        p.setProperty("agents.reviewer.model", "claude-sonnet-4-5");
        p.setProperty("agents.reviewer.summary-model", "claude-haiku-4-5");
        p.setProperty("agents.reviewer.header.anthropic-beta", "context-1m");
        Backend b = Backend.fromProperties(p, "agents.reviewer");
        assertEquals("anthropic", b.provider());
        assertEquals("https://api.anthropic.com", b.baseUrl());
        assertEquals("claude-haiku-4-5", b.summaryModel());
        assertEquals(Map.of("anthropic-beta", "context-1m"), b.headers());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backend.fromProperties(new java.util.Properties(), "agents.x"));
        assertTrue(e.getMessage().contains("agents.x.provider"), e.getMessage());
    }
}

package io.github.compact4j.anthropicjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.messages.MessageCreateParams;
import io.github.compact4j.errors.ContextOverflow;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** anthropic-java's own exceptions, thrown by its real client against MockWebServer, read by the detector. */
class AnthropicJavaOverflowExtractorTest {

    private MockWebServer server;
    private AnthropicClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        client = AnthropicOkHttpClient.builder().apiKey("sk-ant-test-0000").baseUrl(server.url("/").toString())
                .maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.shutdown();
    }

    @Test
    void aPromptTooLongErrorIsAnOverflowWithItsCountsAndStatus() {
        AnthropicServiceException e = fail(400, "invalid_request_error", "prompt is too long: 215000 tokens > 200000 maximum");
        assertTrue(e instanceof BadRequestException);

        ContextOverflow overflow = ContextOverflow.detect(e).orElseThrow();
        assertEquals(400, overflow.status(), "the status comes from the exception; its message alone gives none");
        assertEquals(0, ContextOverflow.detect(0, e.getMessage()).orElseThrow().status());
        assertEquals(215_000, overflow.promptTokens().orElseThrow());
        assertEquals(200_000, overflow.maxTokens().orElseThrow());
        assertTrue(ContextOverflow.detect(new IllegalStateException("turn failed", e)).isPresent());
    }

    @Test
    void lookalikesAreNotOverflows() {
        assertFalse(ContextOverflow.detect(fail(429, "rate_limit_error",
                "This request would exceed the rate limit for your organization of 40,000 input tokens per minute.")).isPresent());
        assertFalse(ContextOverflow.detect(fail(400, "invalid_request_error",
                "max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5"))
                .isPresent());
        assertFalse(ContextOverflow.detect(fail(529, "overloaded_error", "Overloaded")).isPresent());
    }

    @Test
    void itIsRegisteredAndIgnoresOtherExceptions() {
        List<ContextOverflow.Extractor> found = new ArrayList<>();
        ServiceLoader.load(ContextOverflow.Extractor.class).forEach(found::add);
        assertTrue(found.stream().anyMatch(x -> x instanceof AnthropicJavaOverflowExtractor), String.valueOf(found));
        assertEquals(Optional.empty(), new AnthropicJavaOverflowExtractor().extract(new RuntimeException("prompt is too long")));
    }

    @Test
    void withoutAnthropicJavaOnTheClassPathTheDetectorStillWorks() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("com/anthropic") && !entry.contains("com\\anthropic")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> isolated.loadClass("com.anthropic.errors.AnthropicServiceException"));
            Class<?> extractor = isolated.loadClass(ContextOverflow.Extractor.class.getName());
            List<String> loaded = new ArrayList<>();
            ServiceLoader.load(extractor, isolated).forEach(x -> loaded.add(x.getClass().getName()));
            assertTrue(loaded.contains(AnthropicJavaOverflowExtractor.class.getName()), "the adapter's extractor loads: " + loaded);
            Method detect = isolated.loadClass(ContextOverflow.class.getName()).getMethod("detect", Throwable.class);
            assertTrue(((Optional<?>) detect.invoke(null, new RuntimeException("prompt is too long: 215000 tokens > 200000 maximum")))
                    .isPresent());
        }
    }

    private AnthropicServiceException fail(int status, String type, String message) {
        server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_1").setBody("{\"type\":\"error\",\"error\":{\"type\":\"" + type
                        + "\",\"message\":\"" + message + "\"}}"));
        return assertThrows(AnthropicServiceException.class, () -> client.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("hello").build()));
    }
}

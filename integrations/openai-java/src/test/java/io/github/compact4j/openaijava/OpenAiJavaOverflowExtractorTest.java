package io.github.compact4j.openaijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.ResponseCreateParams;
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

/** openai-java's own exceptions, thrown by its real client against MockWebServer, read by the detector. */
class OpenAiJavaOverflowExtractorTest {

    private MockWebServer server;
    private OpenAIClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        client = OpenAIOkHttpClient.builder().apiKey("sk-test-0000").baseUrl(server.url("/v1").toString()).maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.shutdown();
    }

    @Test
    void aContextLengthErrorIsAnOverflowWithItsCounts() {
        OpenAIServiceException e = fail(400, "This model's maximum context length is 128000 tokens. However, your"
                + " messages resulted in 130005 tokens. Please reduce the length of the messages.",
                "invalid_request_error", "context_length_exceeded");
        assertTrue(e instanceof BadRequestException);

        ContextOverflow overflow = ContextOverflow.detect(e).orElseThrow();
        assertEquals(400, overflow.status(), "the status comes from the exception, not from its words");
        assertEquals(130_005, overflow.promptTokens().orElseThrow());
        assertEquals(128_000, overflow.maxTokens().orElseThrow());
    }

    @Test
    void theCodeIsEnoughWhenTheMessageDoesNotSayIt() {
        OpenAIServiceException e = fail(400, "Input too large for gpt-5.1.", "invalid_request_error",
                "context_length_exceeded");
        assertEquals(Optional.empty(), ContextOverflow.detect(0, e.getMessage()), "the message alone says nothing");
        assertEquals(400, ContextOverflow.detect(e).orElseThrow().status());
        // wrapped by the app, as agent frameworks do
        assertTrue(ContextOverflow.detect(new IllegalStateException("turn failed", e)).isPresent());
    }

    @Test
    void lookalikesAreNotOverflows() {
        OpenAIServiceException rate = fail(429, "Rate limit reached for gpt-5.1 on tokens per min (TPM): Limit 30000,"
                + " Used 29000, Requested 2400.", "tokens", "rate_limit_exceeded");
        assertTrue(rate instanceof RateLimitException);
        assertFalse(ContextOverflow.detect(rate).isPresent());
        OpenAIServiceException param = fail(400, "Unsupported parameter: 'temperature' is not supported with this model.",
                "invalid_request_error", "unsupported_parameter");
        assertFalse(ContextOverflow.detect(param).isPresent());
    }

    @Test
    void itIsRegisteredAndIgnoresOtherExceptions() {
        List<ContextOverflow.Extractor> found = new ArrayList<>();
        ServiceLoader.load(ContextOverflow.Extractor.class).forEach(found::add);
        assertTrue(found.stream().anyMatch(x -> x instanceof OpenAiJavaOverflowExtractor), String.valueOf(found));
        assertEquals(Optional.empty(), new OpenAiJavaOverflowExtractor().extract(new RuntimeException("context window")));
    }

    @Test
    void withoutOpenAiJavaOnTheClassPathTheDetectorStillWorks() throws Exception {
        // a class path with compact4j and this adapter but no openai-java: what an app that left the SDK out sees
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("com/openai") && !entry.contains("com\\openai")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> isolated.loadClass("com.openai.errors.OpenAIServiceException"));
            Class<?> extractor = isolated.loadClass(ContextOverflow.Extractor.class.getName());
            List<String> loaded = new ArrayList<>();
            ServiceLoader.load(extractor, isolated).forEach(x -> loaded.add(x.getClass().getName()));
            assertTrue(loaded.contains(OpenAiJavaOverflowExtractor.class.getName()), "the adapter's extractor loads: " + loaded);
            Class<?> detector = isolated.loadClass(ContextOverflow.class.getName());
            Method detect = detector.getMethod("detect", Throwable.class);
            Optional<?> found = (Optional<?>) detect.invoke(null,
                    new RuntimeException("prompt is too long: 215000 tokens > 200000 maximum"));
            assertTrue(found.isPresent());
        }
    }

    private OpenAIServiceException fail(int status, String message, String type, String code) {
        server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\""
                        + code + "\"}}"));
        return assertThrows(OpenAIServiceException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("gpt-5.1").input("hello").build()));
    }
}

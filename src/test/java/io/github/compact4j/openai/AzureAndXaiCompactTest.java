package io.github.compact4j.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.models.responses.ResponseCompactParams;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.errors.NotFoundException;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.testing.SdkJudges;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Azure OpenAI's two paths and xAI's endpoint, on the wire. The Azure resource host resolves to
 * the local server, so the client sees a real {@code *.openai.azure.com} URL and picks the
 * {@code api-key} header by itself.
 */
class AzureAndXaiCompactTest {

    private static final String AZURE_KEY = "azure0123456789abcdef0123456789ab";
    private static final String XAI_ANSWER = "{\"id\":\"cmp_0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\",\"object\":"
            + "\"response.compaction\",\"created_at\":1780000000,\"model\":\"grok-4.6\",\"output\":[{\"type\":"
            + "\"compaction\",\"id\":\"cmp_0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\",\"encrypted_content\":\"xai-opaque==\"}],"
            + "\"usage\":{\"input_tokens\":8200,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":640,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":8840,\"dropped_message_count\":4}}";

    private MockWebServer server;
    private OkHttpClient toLocalServer;
    private final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        Dns azureHere = host -> host.endsWith(".openai.azure.com") || host.endsWith("x.ai")
                ? List.of(InetAddress.getLoopbackAddress()) : Dns.SYSTEM.lookup(host);
        toLocalServer = new OkHttpClient.Builder().dns(azureHere).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private String host(String name, String path) {
        return "http://" + name + ":" + server.getPort() + path;
    }

    /**
     * The fixture conversation with its first message in the typed form: openai-java 4.105.0's
     * union reader does not recognise the short form without {@code type}, which the API takes.
     */
    private static List<Item> conversation() {
        List<Item> items = new ArrayList<>(Fixtures.conversation());
        items.set(0, Message.user(((Message) items.get(0)).text()));
        return items;
    }

    private static CompactionRequest deployment() {
        return CompactionRequest.builder().model("my-gpt-5-deployment").items(conversation()).build();
    }

    @Test
    void theV1PathTakesTheDeploymentNameAsTheModel() throws Exception {
        server.enqueue(Fixtures.ok(Fixtures.COMPACTED));
        OpenAiCompactClient client = OpenAiCompactClient.builder().apiKey(AZURE_KEY).okHttpClient(toLocalServer)
                .baseUrl(host("my-res.openai.azure.com", "/openai/v1")).sleeper(sleeper).build();
        CompactionResult r = client.compact(deployment());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/openai/v1/responses/compact", sent.getPath());
        assertEquals(AZURE_KEY, sent.getHeader("api-key"));
        assertNull(sent.getHeader("Authorization"));
        String body = sent.getBody().readUtf8();
        assertEquals("my-gpt-5-deployment", SdkJudges.openAi(body, ResponseCompactParams.Body.class).validate()
                .model().orElseThrow().asString());
        assertInstanceOf(Compaction.class, r.items().get(r.items().size() - 1));
    }

    @Test
    void theDatedPathCarriesTheApiVersionBesideIt() throws Exception {
        server.enqueue(Fixtures.ok(Fixtures.COMPACTED));
        OpenAiCompactClient client = OpenAiCompactClient.builder().apiKey(AZURE_KEY).okHttpClient(toLocalServer)
                .baseUrl(host("my-res.openai.azure.com", "/openai")).apiVersion("2026-01-01-preview").sleeper(sleeper)
                .build();
        client.compact(deployment());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/openai/responses/compact?api-version=2026-01-01-preview", sent.getPath());
        assertEquals(AZURE_KEY, sent.getHeader("api-key"));
        SdkJudges.openAi(sent.getBody().readUtf8(), ResponseCompactParams.Body.class).validate();
    }

    @Test
    void aDeploymentWithoutCompactionIsNamedInTheError() {
        server.enqueue(new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource"
                        + " does not exist.\"}}"));
        OpenAiCompactClient client = OpenAiCompactClient.builder().apiKey(AZURE_KEY).okHttpClient(toLocalServer)
                .baseUrl(host("my-res.openai.azure.com", "/openai/v1")).sleeper(sleeper).build();
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.compact(deployment()));
        assertTrue(e.hint().orElseThrow().contains("deployment named as the model"), e.hint().orElseThrow());
    }

    @Test
    void theRegistrysAzureBackendUsesTheV1Path() throws Exception {
        server.enqueue(Fixtures.ok(Fixtures.COMPACTED));
        Backend azure = Backend.builder().provider("azure-openai").model("my-gpt-5-deployment").apiKey(AZURE_KEY)
                .baseUrl(host("my-res.openai.azure.com", "/openai/v1")).build();
        CompactionResult r = BackendRegistry.builder().loadServices(false).okHttpClient(toLocalServer).build()
                .compactorFor(azure).compact(deployment());
        assertEquals("openai-compact", r.strategy());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/openai/v1/responses/compact", sent.getPath());
        assertEquals(AZURE_KEY, sent.getHeader("api-key"));
    }

    @Test
    void xaisAnswerIsOneCompactionItemThatHeadsTheNextInput() throws Exception {
        server.enqueue(Fixtures.ok(XAI_ANSWER));
        OpenAiCompactClient client = OpenAiCompactClient.builder().apiKey("xai-test-0123456789abcdef")
                .okHttpClient(toLocalServer).baseUrl(host("api.x.ai", "/v1")).sleeper(sleeper).build();
        CompactionRequest request = CompactionRequest.builder().model("grok-4.6").items(conversation())
                .instructions("You are a coding agent.").build();
        CompactionResult r = client.compact(request);
        RecordedRequest sent = server.takeRequest();
        assertEquals("/v1/responses/compact", sent.getPath());
        assertEquals("Bearer xai-test-0123456789abcdef", sent.getHeader("Authorization"));
        SdkJudges.openAi(sent.getBody().readUtf8(), ResponseCompactParams.Body.class).validate();

        assertEquals(1, r.items().size());
        Compaction item = assertInstanceOf(Compaction.class, r.items().get(0));
        assertEquals("xai-opaque==", item.encryptedContent());
        assertEquals(8840, r.usage().totalTokens());
        List<Item> next = new ArrayList<>(r.items());
        next.add(Message.user("Now add the tests."));
        SdkJudges.openAiInputItems(io.github.compact4j.conversation.ResponsesItems.toJson(next));

        server.enqueue(new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                .setBody("{\"code\":\"Some requested entity was not found\",\"error\":\"Model grok-2 does not support"
                        + " compaction\"}"));
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.compact(request));
        assertTrue(e.getMessage().startsWith("xAI compaction failed"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("https://api.x.ai/v1"), e.hint().orElseThrow());
    }

    @Test
    void everyOptionalFieldOfTheBodyIsOneOpenAiJavaAccepts() throws Exception {
        server.enqueue(Fixtures.ok(Fixtures.COMPACTED));
        Fixtures.client(server, sleeper).build().compact(Fixtures.request().toBuilder().items(conversation())
                .instructions("Be brief.")
                .previousResponseId("resp_123").promptCacheKey("agent-a").serviceTier("flex").build());
        ResponseCompactParams.Body body = SdkJudges.openAi(server.takeRequest().getBody().readUtf8(),
                ResponseCompactParams.Body.class).validate();
        assertEquals("Be brief.", body.instructions().orElseThrow());
        assertEquals("resp_123", body.previousResponseId().orElseThrow());
        assertEquals("agent-a", body.promptCacheKey().orElseThrow());
    }
}

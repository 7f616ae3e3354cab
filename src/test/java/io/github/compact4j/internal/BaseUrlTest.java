package io.github.compact4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.internal.Secrets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

    @Test
    void endpointsAppendToThePathAndKeepTheQuery() {
        assertEquals("http://localhost:11434/v1/chat/completions",
                BaseUrl.endpoint(BaseUrl.parse("http://localhost:11434/v1/", "x"), "chat/completions").toString());
        assertEquals("http://localhost:11434/v1/chat/completions",
                BaseUrl.endpoint(BaseUrl.parse(" http://localhost:11434/v1 ", "x"), "chat/completions").toString());
        assertEquals("https://r.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
                BaseUrl.endpoint(BaseUrl.parse("https://r.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21",
                        "x"), "chat/completions").toString());
        assertEquals("https://api.anthropic.com/v1/messages",
                BaseUrl.endpoint(BaseUrl.parse("https://api.anthropic.com", "x"), "v1/messages").toString());
    }

    @Test
    void displayAndErrorsShowNoCredentials() {
        String shown = BaseUrl.display(BaseUrl.parse("https://user:pw123456@gw.example.com/v1?key=AIzaSyAbc", "x"));
        assertEquals("https://gw.example.com/v1", shown);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BaseUrl.parse("localhost:8080/v1?token=sk-base-url-secret-0123456789", "http://localhost:8000/v1"));
        assertTrue(e.getMessage().startsWith("baseUrl must be an http(s) URL such as http://localhost:8000/v1"),
                e.getMessage());
        assertFalse(e.getMessage().contains("sk-base-url-secret"), e.getMessage());
        assertTrue(BaseUrl.isAzureOpenAi(BaseUrl.parse("https://My-Res.openai.azure.com/openai/v1", "x")));
        assertFalse(BaseUrl.isAzureOpenAi(BaseUrl.parse("https://api.openai.com/v1", "x")));
    }

    @Test
    void headerChecksNameThePositionNotTheValue() {
        Set<String> reserved = HeaderChecks.reserved("x-api-key");
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> HeaderChecks.checkExtra("X-Api-Key", "k", reserved, Set.of("x-api-key")));
        assertEquals("header 'X-Api-Key' is set by the client itself; pass the key with apiKey(...)", key.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> HeaderChecks.checkExtra("X-Gateway", "secret\nvalue", reserved, Set.of()));
        assertFalse(value.getMessage().contains("secret"), value.getMessage());
        assertTrue(value.getMessage().endsWith("at position 6"), value.getMessage());
        IllegalArgumentException apiKey = assertThrows(IllegalArgumentException.class,
                () -> HeaderChecks.checkApiKey("sk-ant-abc def"));
        assertFalse(apiKey.getMessage().contains("sk-ant"), apiKey.getMessage());
        assertTrue(apiKey.getMessage().contains("position 10"), apiKey.getMessage());
    }
}

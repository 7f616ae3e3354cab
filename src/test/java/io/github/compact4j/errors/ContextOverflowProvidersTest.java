package io.github.compact4j.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each provider's "the input does not fit the window" failure, in the shape its API answers it
 * (status, JSON, wording as seen in the providers' own error reports), and the failures that look
 * alike but are something else: a bad parameter, a rate limit on tokens per minute, an output
 * limit, a request too large in bytes.
 */
class ContextOverflowProvidersTest {

    /** provider, status, body, expected prompt tokens (-1: not said), window (-1), requested output (-1). */
    static Stream<Arguments> overflows() {
        return Stream.of(
                Arguments.of("OpenAI Chat Completions", 400, "{\"error\":{\"message\":\"This model's maximum context length"
                        + " is 128000 tokens. However, your messages resulted in 173172 tokens. Please reduce the length of"
                        + " the messages.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                        + "\"code\":\"context_length_exceeded\"}}", 173_172, 128_000, -1),
                Arguments.of("OpenAI Responses", 400, "{\"error\":{\"message\":\"Your input exceeds the context window of"
                        + " this model. Please adjust your input and try again.\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"input\",\"code\":\"context_length_exceeded\"}}", -1, -1, -1),
                Arguments.of("OpenAI Responses, streamed error event", 200, "{\"type\":\"error\",\"sequence_number\":2,"
                        + "\"error\":{\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\",\"message\":"
                        + "\"Your input exceeds the context window of this model. Please adjust your input and try again.\","
                        + "\"param\":\"input\"}}", -1, -1, -1),
                Arguments.of("OpenAI Responses, response.failed event", 200, "{\"type\":\"response.failed\","
                        + "\"sequence_number\":3,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\","
                        + "\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"Your input exceeds the context window"
                        + " of this model. Please adjust your input and try again.\"},\"output\":[]}}", -1, -1, -1),
                Arguments.of("Azure OpenAI", 400, "{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"This"
                        + " model's maximum context length is 8192 tokens. However, your messages resulted in 8318 tokens."
                        + " Please reduce the length of the messages.\",\"param\":\"messages\","
                        + "\"type\":\"invalid_request_error\"}}", 8_318, 8_192, -1),
                Arguments.of("Anthropic, prompt too long", 400, "{\"type\":\"error\",\"error\":{\"type\":"
                        + "\"invalid_request_error\",\"message\":\"prompt is too long: 208656 tokens > 200000 maximum\"},"
                        + "\"request_id\":\"req_011CVQe1dLrGNMJyE1ghG1av\"}", 208_656, 200_000, -1),
                Arguments.of("Anthropic, input and max_tokens", 400, "{\"type\":\"error\",\"error\":{\"type\":"
                        + "\"invalid_request_error\",\"message\":\"input length and `max_tokens` exceed context limit:"
                        + " 199759 + 8192 > 200000, decrease input length or `max_tokens` and try again\"}}",
                        199_759, 200_000, 8_192),
                Arguments.of("Anthropic, stop reason", 200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Partial\"}],"
                        + "\"stop_reason\":\"model_context_window_exceeded\",\"stop_sequence\":null,\"usage\":"
                        + "{\"input_tokens\":1200,\"cache_read_input_tokens\":190000,\"output_tokens\":8800}}", 191_200, -1, -1),
                Arguments.of("Anthropic, stop reason in a message_delta event", 200, "{\"type\":\"message_delta\","
                        + "\"delta\":{\"stop_reason\":\"model_context_window_exceeded\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":8800}}", -1, -1, -1),
                Arguments.of("Gemini", 400, "{\"error\":{\"code\":400,\"message\":\"The input token count (1196265) exceeds"
                        + " the maximum number of tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}",
                        1_196_265, 1_048_576, -1),
                Arguments.of("Gemini, OpenAI-compatible endpoint", 400, "[{\"error\":{\"code\":400,\"message\":\"The input"
                        + " token count (134123) exceeds the maximum number of tokens allowed (131072).\",\"errors\":"
                        + "[{\"message\":\"The input token count (134123) exceeds the maximum number of tokens allowed"
                        + " (131072).\",\"domain\":\"global\",\"reason\":\"badRequest\"}],\"status\":\"INVALID_ARGUMENT\"}}]",
                        134_123, 131_072, -1),
                Arguments.of("vLLM", 400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 16384"
                        + " tokens. However, you requested 122946 tokens (112946 in the messages, 10000 in the completion)."
                        + " Please reduce the length of the messages or completion.\",\"type\":\"BadRequestError\","
                        + "\"param\":null,\"code\":400}", 112_946, 16_384, 10_000),
                Arguments.of("vLLM, prompt and output", 400, "{\"object\":\"error\",\"message\":\"This model's maximum"
                        + " context length is 128000 tokens. However, you requested 65535 output tokens and your prompt"
                        + " contains at least 62466 input tokens, for a total of at least 128001 tokens.\","
                        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}", 62_466, 128_000, 65_535),
                Arguments.of("vLLM, max_tokens too large", 400, "{\"object\":\"error\",\"message\":\"'max_tokens' or"
                        + " 'max_completion_tokens' is too large: 4096. This model's maximum context length is 8192 tokens"
                        + " and your request has 5000 input tokens (4096 > 8192 - 5000).\",\"type\":\"BadRequestError\","
                        + "\"param\":null,\"code\":400}", 5_000, 8_192, -1),
                Arguments.of("vLLM engine", 400, "{\"object\":\"error\",\"message\":\"Input prompt (35247 tokens) is too long"
                        + " and exceeds limit of 32768\",\"type\":\"BadRequestError\",\"code\":400}", 35_247, 32_768, -1),
                Arguments.of("DeepSeek", 400, "{\"error\":{\"message\":\"This model's maximum context length is 65536"
                        + " tokens. However, you requested 69648 tokens (69648 in the messages, 0 in the completion). Please"
                        + " reduce the length of the messages or completion.\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"invalid_request_error\"}}", 69_648, 65_536, -1),
                Arguments.of("Groq", 400, "{\"error\":{\"message\":\"Please reduce the length of the messages or"
                        + " completion.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                        + "\"code\":\"context_length_exceeded\"}}", -1, -1, -1),
                Arguments.of("OpenRouter", 400, "{\"error\":{\"message\":\"This endpoint's maximum context length is 65536"
                        + " tokens. However, you requested about 92208 tokens (60833 of text input, 10042 of tool input,"
                        + " 21333 in the output). Please reduce the length of either one, or use the \\\"middle-out\\\""
                        + " transform to compress your prompt automatically.\",\"code\":400,\"metadata\":"
                        + "{\"provider_name\":null}}}", 70_875, 65_536, 21_333),
                Arguments.of("OpenRouter, text only", 400, "{\"error\":{\"message\":\"This endpoint's maximum context length"
                        + " is 32768 tokens. However, you requested about 42832 tokens (42832 of text input). Please reduce"
                        + " the length of either one, or use the \\\"middle-out\\\" transform to compress your prompt"
                        + " automatically.\",\"code\":400}}", 42_832, 32_768, -1),
                Arguments.of("Ollama", 400, "{\"error\":\"the input length exceeds the context length\"}", -1, -1, -1),
                Arguments.of("xAI", 400, "{\"code\":\"Client specified an invalid argument\",\"error\":\"This model's"
                        + " maximum prompt length is 131072 but the request contains 150000 tokens.\"}", 150_000, 131_072, -1),
                Arguments.of("Mistral", 400, "{\"object\":\"error\",\"message\":\"Prompt contains 40000 tokens and 0 draft"
                        + " tokens, too large for model with 32768 maximum context length\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":null}", 40_000, 32_768, -1),
                Arguments.of("Cerebras", 400, "{\"message\":\"Please reduce the length of the messages or completion."
                        + " Current length is 42328 while limit is 40000\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"messages\",\"code\":\"context_length_exceeded\"}", 42_328, 40_000, -1),
                Arguments.of("a Python SDK's message", 0, "Error code: 400 - {'error': {'message': 'Please reduce the length"
                        + " of the messages or completion.', 'type': 'invalid_request_error', 'param': 'messages',"
                        + " 'code': 'context_length_exceeded'}}", -1, -1, -1),
                Arguments.of("an Anthropic SDK's message", 0, "400 {\"type\":\"error\",\"error\":{\"type\":"
                        + "\"invalid_request_error\",\"message\":\"prompt is too long: 202609 tokens > 200000 maximum\"}}",
                        202_609, 200_000, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overflows")
    void recognisesEachProvidersOverflowAndReadsItsCounts(String provider, int status, String body, int prompt, int max,
            int output) {
        ContextOverflow o = ContextOverflow.detect(status, body).orElseThrow(() -> new AssertionError(provider
                + " was not recognised: " + body));
        assertEquals(status, o.status());
        assertEquals(count(prompt), o.promptTokens(), provider + ": prompt tokens");
        assertEquals(count(max), o.maxTokens(), provider + ": window");
        assertEquals(count(output), o.requestedOutputTokens(), provider + ": requested output");
        assertFalse(o.evidence().isBlank());
        assertTrue(o.evidence().length() <= 301, o.evidence());
    }

    private static OptionalInt count(int n) {
        return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    static Stream<Arguments> lookalikes() {
        return Stream.of(
                Arguments.of("a bad parameter", 400, "{\"error\":{\"message\":\"Invalid value for 'temperature': must be"
                        + " between 0 and 2.\",\"type\":\"invalid_request_error\",\"param\":\"temperature\","
                        + "\"code\":\"invalid_value\"}}"),
                Arguments.of("too many messages", 400, "{\"error\":{\"message\":\"Invalid 'messages': array too long."
                        + " Expected an array with maximum length 2048, but got an array with length 3000 instead.\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"array_above_max_length\"}}"),
                Arguments.of("OpenAI's output limit", 400, "{\"error\":{\"message\":\"max_tokens is too large: 100000."
                        + " This model supports at most 16384 completion tokens, whereas you provided 100000.\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":\"invalid_value\"}}"),
                Arguments.of("Anthropic's output limit", 400, "{\"type\":\"error\",\"error\":{\"type\":"
                        + "\"invalid_request_error\",\"message\":\"max_tokens: 100000 > 64000, which is the maximum allowed"
                        + " number of output tokens for claude-sonnet-4-5\"}}"),
                Arguments.of("OpenAI's tokens per minute", 429, "{\"error\":{\"message\":\"Request too large for gpt-4o in"
                        + " organization org-abc on tokens per min (TPM): Limit 30000, Requested 50000. The input or output"
                        + " tokens must be reduced in order to run successfully.\",\"type\":\"tokens\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}"),
                Arguments.of("Groq's tokens per minute, as a 413", 413, "{\"error\":{\"message\":\"Request too large for"
                        + " model `llama-3.3-70b-versatile` in organization `org_01` service tier `on_demand` on tokens per"
                        + " minute (TPM): Limit 6000, Requested 7000, please reduce your message size and try again.\","
                        + "\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}"),
                Arguments.of("Gemini's quota", 429, "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota."
                        + " Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_input"
                        + "_token_count, limit: 250000\",\"status\":\"RESOURCE_EXHAUSTED\"}}"),
                Arguments.of("a quota in a message without a status", 0, "Quota exceeded for metric: generativelanguage"
                        + ".googleapis.com/generate_content_free_tier_input_token_count, limit: 250000"),
                Arguments.of("a body too large in bytes", 413, "{\"type\":\"error\",\"error\":{\"type\":"
                        + "\"request_too_large\",\"message\":\"Request exceeds the maximum allowed number of bytes.\"}}"),
                Arguments.of("an answer that talks about context windows", 200, "{\"id\":\"chatcmpl-1\",\"object\":"
                        + "\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"The error context_length_exceeded means the prompt is too long for the context window.\"},"
                        + "\"finish_reason\":\"stop\"}]}"),
                Arguments.of("an Anthropic answer that stopped at max_tokens", 200, "{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"the context window is large\"}],"
                        + "\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":10,\"output_tokens\":4096}}"),
                Arguments.of("a server error", 500, "{\"error\":{\"message\":\"The server had an error processing your"
                        + " request; context_length_exceeded was not the cause\",\"type\":\"server_error\"}}"),
                Arguments.of("an empty body", 400, " "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookalikes")
    void failuresThatOnlyLookAlikeAreNotOverflows(String what, int status, String body) {
        Optional<ContextOverflow> o = ContextOverflow.detect(status, body);
        assertTrue(o.isEmpty(), what + " was taken for an overflow: " + o);
    }

    @Test
    void anSdkExceptionIsReadThroughItsExtractorDeepInACauseChain() {
        RuntimeException sdk = new FakeSdkException(400, "{\"error\":{\"message\":\"This model's maximum context length"
                + " is 128000 tokens. However, your messages resulted in 130005 tokens.\",\"code\":"
                + "\"context_length_exceeded\"}}");
        Throwable wrapped = new IllegalStateException("step 12 failed", new RuntimeException("model call", sdk));
        ContextOverflow o = ContextOverflow.detect(wrapped).orElseThrow();
        assertEquals(400, o.status(), "the status came from the extractor, not from a message");
        assertEquals(130_005, o.promptTokens().getAsInt());

        RuntimeException rateLimited = new FakeSdkException(429, "{\"error\":{\"message\":\"Rate limit reached on tokens"
                + " per min (TPM) for the context of your organization\",\"code\":\"rate_limit_exceeded\"}}");
        assertTrue(ContextOverflow.detect(rateLimited).isEmpty(), "the extractor's 429 is a rate limit");
    }

    @Test
    void theLibrarysOwnExceptionIsReadFromItsStatusAndFields() {
        CompactionException e = ApiErrors.forStatus(ApiErrors.fromResponse("Gemini call failed", 400,
                "{\"error\":{\"code\":400,\"message\":\"The input token count (132478) exceeds the maximum number of tokens"
                        + " allowed (131072).\",\"status\":\"INVALID_ARGUMENT\"}}"));
        ContextOverflow o = ContextOverflow.detect(e).orElseThrow();
        assertEquals(132_478, o.promptTokens().getAsInt());
        assertEquals(131_072, o.maxTokens().getAsInt());
        assertEquals("ContextOverflow{status=400, promptTokens=132478, maxTokens=131072}", o.toString());
    }
}

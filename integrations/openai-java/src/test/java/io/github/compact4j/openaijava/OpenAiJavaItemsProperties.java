package io.github.compact4j.openaijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.openaijava.SdkItems.Generated;
import io.github.compact4j.openaijava.SdkItems.Kind;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * SDK object → items → SDK object: an equal object, and the same JSON the SDK itself writes,
 * over generated conversations holding every item kind openai-java models.
 */
class OpenAiJavaItemsProperties {

    @Property(tries = 300)
    void inputItemsComeBackEqualAndWithTheSdksJson(@ForAll("inputConversations") List<Generated<ResponseInputItem>> conversation)
            throws JsonProcessingException {
        List<ResponseInputItem> sdk = conversation.stream().map(Generated::item).toList();
        conversation.forEach(g -> Statistics.label("kind").collect(g.kind()));
        String sdkJson = SdkItems.MAPPER.writeValueAsString(sdk);

        List<Item> items = OpenAiJavaItems.fromInputItems(sdk);
        assertEquals(sdkJson, ResponsesItems.toJson(items), "the items hold exactly the JSON the SDK writes");

        List<ResponseInputItem> back = OpenAiJavaItems.toInputItems(items);
        assertEquals(sdkJson, SdkItems.MAPPER.writeValueAsString(back), "the SDK writes the same JSON for what comes back");
        for (int i = 0; i < sdk.size(); i++) {
            ResponseInputItem original = sdk.get(i);
            if (isStatuslessMessage(original)) {
                // the one documented limit: the SDK's Message and EasyInputMessage write the same JSON
                // when a Message has no status, and the JSON decides; it comes back as the EasyInputMessage
                assertTrue(back.get(i).isEasyInputMessage(), "item " + i);
            } else {
                assertEquals(original, back.get(i), "item " + i + " (" + conversation.get(i).kind() + ")");
            }
            assertEquals(original.isValid(), back.get(i).isValid(), "item " + i);
            // one at a time gives the same as the list
            assertEquals(items.get(i), OpenAiJavaItems.fromInputItem(original));
        }
    }

    @Property(tries = 300)
    void outputItemsComeBackEqualAndWithTheSdksJson(@ForAll("outputConversations") List<Generated<ResponseOutputItem>> output)
            throws JsonProcessingException {
        List<ResponseOutputItem> sdk = output.stream().map(Generated::item).toList();
        output.forEach(g -> Statistics.label("kind").collect(g.kind()));
        String sdkJson = SdkItems.MAPPER.writeValueAsString(sdk);

        List<Item> items = OpenAiJavaItems.fromOutputItems(sdk);
        assertEquals(sdkJson, ResponsesItems.toJson(items));
        List<ResponseOutputItem> back = OpenAiJavaItems.toOutputItems(items);
        assertEquals(sdk, back);
        assertEquals(sdkJson, SdkItems.MAPPER.writeValueAsString(back));

        // and an output item, sent back as input, is the input item the SDK reads from that JSON
        List<ResponseInputItem> asInput = OpenAiJavaItems.toInputItems(items);
        // (the SDK's input classes write their fields in another order: the same JSON value)
        assertEquals(SdkItems.MAPPER.readTree(sdkJson), SdkItems.MAPPER.readTree(SdkItems.MAPPER.writeValueAsString(asInput)));
    }

    @Test
    void theGeneratorMakesEveryKindAsTheVariantItsKindNames() {
        for (Kind kind : Kind.values()) {
            for (int seed = 0; seed < 25; seed++) {
                ResponseInputItem item = SdkItems.input(kind, new Random(seed));
                assertTrue(variant(kind).test(item), kind + " read as " + item);
                if (kind != Kind.SHORT_MESSAGE && kind != Kind.UNKNOWN) {
                    item.validate();
                }
            }
        }
        for (Kind kind : SdkItems.OUTPUT_KINDS) {
            for (int seed = 0; seed < 25; seed++) {
                ResponseOutputItem item = SdkItems.output(kind, new Random(seed));
                assertEquals(kind != Kind.UNKNOWN, item.isValid(), kind + " read as " + item);
                if (kind != Kind.UNKNOWN) {
                    item.validate();
                }
            }
        }
    }

    /** An input item built as a Message without a status: the SDK writes it as an EasyInputMessage writes it. */
    static boolean isStatuslessMessage(ResponseInputItem item) {
        return item.isMessage() && item.asMessage().status().isEmpty();
    }

    private static Predicate<ResponseInputItem> variant(Kind kind) {
        return switch (kind) {
            case EASY_MESSAGE, BUILT_EASY_MESSAGE -> ResponseInputItem::isEasyInputMessage;
            case INPUT_MESSAGE, BUILT_MESSAGE -> ResponseInputItem::isMessage;
            case OUTPUT_MESSAGE -> ResponseInputItem::isResponseOutputMessage;
            case SHORT_MESSAGE, UNKNOWN -> i -> i._json().isPresent() && !i.isValid();
            case FILE_SEARCH_CALL -> ResponseInputItem::isFileSearchCall;
            case COMPUTER_CALL -> ResponseInputItem::isComputerCall;
            case COMPUTER_CALL_OUTPUT -> ResponseInputItem::isComputerCallOutput;
            case WEB_SEARCH_CALL -> ResponseInputItem::isWebSearchCall;
            case FUNCTION_CALL, BUILT_FUNCTION_CALL -> ResponseInputItem::isFunctionCall;
            case FUNCTION_CALL_OUTPUT, BUILT_FUNCTION_CALL_OUTPUT -> ResponseInputItem::isFunctionCallOutput;
            case TOOL_SEARCH_CALL -> ResponseInputItem::isToolSearchCall;
            case TOOL_SEARCH_OUTPUT -> ResponseInputItem::isToolSearchOutput;
            case ADDITIONAL_TOOLS -> ResponseInputItem::isAdditionalTools;
            case CONFIGURATION_UPDATE -> ResponseInputItem::isConfigurationUpdate;
            case REASONING, BUILT_REASONING -> ResponseInputItem::isReasoning;
            case COMPACTION, BUILT_COMPACTION -> ResponseInputItem::isCompaction;
            case IMAGE_GENERATION_CALL -> ResponseInputItem::isImageGenerationCall;
            case CODE_INTERPRETER_CALL -> ResponseInputItem::isCodeInterpreterCall;
            case LOCAL_SHELL_CALL -> ResponseInputItem::isLocalShellCall;
            case LOCAL_SHELL_CALL_OUTPUT -> ResponseInputItem::isLocalShellCallOutput;
            case SHELL_CALL -> ResponseInputItem::isShellCall;
            case SHELL_CALL_OUTPUT -> ResponseInputItem::isShellCallOutput;
            case APPLY_PATCH_CALL -> ResponseInputItem::isApplyPatchCall;
            case APPLY_PATCH_CALL_OUTPUT -> ResponseInputItem::isApplyPatchCallOutput;
            case MCP_LIST_TOOLS -> ResponseInputItem::isMcpListTools;
            case MCP_APPROVAL_REQUEST -> ResponseInputItem::isMcpApprovalRequest;
            case MCP_APPROVAL_RESPONSE -> ResponseInputItem::isMcpApprovalResponse;
            case MCP_CALL -> ResponseInputItem::isMcpCall;
            case CUSTOM_TOOL_CALL_OUTPUT -> ResponseInputItem::isCustomToolCallOutput;
            case CUSTOM_TOOL_CALL, BUILT_CUSTOM_TOOL_CALL -> ResponseInputItem::isCustomToolCall;
            case COMPACTION_TRIGGER -> ResponseInputItem::isCompactionTrigger;
            case ITEM_REFERENCE -> ResponseInputItem::isItemReference;
            case PROGRAM -> ResponseInputItem::isProgram;
            case PROGRAM_OUTPUT -> ResponseInputItem::isProgramOutput;
        };
    }

    @Provide
    Arbitrary<List<Generated<ResponseInputItem>>> inputConversations() {
        return SdkItems.inputItems().list().ofMinSize(0).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Generated<ResponseOutputItem>>> outputConversations() {
        return SdkItems.outputItems().list().ofMinSize(0).ofMaxSize(25);
    }

}

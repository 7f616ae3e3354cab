package io.github.compact4j.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code compact4j.*} properties. API keys are never properties: a backend names the
 * environment variable that holds its key ({@code api-key-env}), or its provider's usual one is
 * read ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, ...).
 */
@ConfigurationProperties(prefix = "compact4j")
public class Compact4jProperties {

    /** Whether compact4j is auto-configured at all. */
    private boolean enabled = true;

    /** The backends the app's agents talk to, by a name of the app's choosing. */
    private Map<String, BackendProperties> backends = new LinkedHashMap<>();

    /** The registry that picks each backend's chain. */
    private final Registry registry = new Registry();

    /** The HTTP clients of every chain. */
    private final Client client = new Client();

    /** When a managed conversation compacts, and to what. */
    private final Policy policy = new Policy();

    /** Where managed conversations journal what they compact away. */
    private final Journal journal = new Journal();

    /** The Micrometer observation of each compaction. */
    private final Observations observations = new Observations();

    /** The {@code compact4j} Actuator endpoint. */
    private final Endpoint endpoint = new Endpoint();

    /** The Spring AI chat memory, when compact4j-spring-ai and Spring AI are on the class path. */
    private final SpringAi springAi = new SpringAi();

    /** @return whether compact4j is auto-configured */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether compact4j is auto-configured */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the backends by name */
    public Map<String, BackendProperties> getBackends() {
        return backends;
    }

    /** @param backends the backends by name */
    public void setBackends(Map<String, BackendProperties> backends) {
        this.backends = backends;
    }

    /** @return the registry's settings */
    public Registry getRegistry() {
        return registry;
    }

    /** @return the HTTP clients' settings */
    public Client getClient() {
        return client;
    }

    /** @return the compaction policy */
    public Policy getPolicy() {
        return policy;
    }

    /** @return the journal's settings */
    public Journal getJournal() {
        return journal;
    }

    /** @return the observation's settings */
    public Observations getObservations() {
        return observations;
    }

    /** @return the endpoint's settings */
    public Endpoint getEndpoint() {
        return endpoint;
    }

    /** @return the Spring AI chat memory's settings */
    public SpringAi getSpringAi() {
        return springAi;
    }

    /** One backend: a provider, a model, and where its key is. */
    public static class BackendProperties {

        /** Provider id: openai, azure-openai, anthropic, gemini, ollama, vllm, lmstudio, groq, openrouter, together, deepseek, xai, openai-compatible. */
        private String provider;

        /** The model the agent's conversation runs on, e.g. gpt-5.1-codex-max. */
        private String model;

        /** The model that writes summaries; the backend's own model when not set. */
        private String summaryModel;

        /** The API's base URL; the provider's default (or its base-URL environment variable) when not set. */
        private String baseUrl;

        /** The name of the environment variable holding the API key; the provider's usual one when not set. */
        private String apiKeyEnv;

        /** Extra headers sent on every call. */
        private Map<String, String> headers = new LinkedHashMap<>();

        /** @return the provider id */
        public String getProvider() {
            return provider;
        }

        /** @param provider the provider id */
        public void setProvider(String provider) {
            this.provider = provider;
        }

        /** @return the model */
        public String getModel() {
            return model;
        }

        /** @param model the model */
        public void setModel(String model) {
            this.model = model;
        }

        /** @return the summary model, or null */
        public String getSummaryModel() {
            return summaryModel;
        }

        /** @param summaryModel the summary model */
        public void setSummaryModel(String summaryModel) {
            this.summaryModel = summaryModel;
        }

        /** @return the base URL, or null */
        public String getBaseUrl() {
            return baseUrl;
        }

        /** @param baseUrl the base URL */
        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** @return the name of the key's environment variable, or null */
        public String getApiKeyEnv() {
            return apiKeyEnv;
        }

        /** @param apiKeyEnv the name of the key's environment variable */
        public void setApiKeyEnv(String apiKeyEnv) {
            this.apiKeyEnv = apiKeyEnv;
        }

        /** @return the extra headers */
        public Map<String, String> getHeaders() {
            return headers;
        }

        /** @param headers the extra headers */
        public void setHeaders(Map<String, String> headers) {
            this.headers = headers;
        }
    }

    /** The registry's settings. */
    public static class Registry {

        /** Recent tokens summarizing keeps verbatim. */
        private Integer keepRecentTokens;

        /** How long a native endpoint that answered "not supported" is skipped. */
        private Duration notSupportedTtl;

        /** How many backends' compactors are cached. */
        private Integer cacheSize;

        /** @return recent tokens kept verbatim, or null for the default */
        public Integer getKeepRecentTokens() {
            return keepRecentTokens;
        }

        /** @param keepRecentTokens recent tokens kept verbatim */
        public void setKeepRecentTokens(Integer keepRecentTokens) {
            this.keepRecentTokens = keepRecentTokens;
        }

        /** @return how long "not supported" is remembered, or null for the default */
        public Duration getNotSupportedTtl() {
            return notSupportedTtl;
        }

        /** @param notSupportedTtl how long "not supported" is remembered */
        public void setNotSupportedTtl(Duration notSupportedTtl) {
            this.notSupportedTtl = notSupportedTtl;
        }

        /** @return the cache size, or null for the default */
        public Integer getCacheSize() {
            return cacheSize;
        }

        /** @param cacheSize the cache size */
        public void setCacheSize(Integer cacheSize) {
            this.cacheSize = cacheSize;
        }
    }

    /** The HTTP clients' settings. */
    public static class Client {

        /** Retries after a failed attempt (connection errors, 408, 409, 429, 5xx). */
        private Integer maxRetries;

        /** Timeout of one call. */
        private Duration timeout;

        /** @return retries, or null for the default (2) */
        public Integer getMaxRetries() {
            return maxRetries;
        }

        /** @param maxRetries retries */
        public void setMaxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        /** @return the timeout, or null for the default (10 minutes) */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** When a managed conversation compacts; unset values keep CompactionPolicy's defaults. */
    public static class Policy {

        /** Compact at this share of the model's context window, e.g. 0.85. */
        private Double triggerRatio;

        /** Compact at this many tokens, instead of a share of the window. */
        private Integer triggerTokens;

        /** Aim at this share of the window after compacting. */
        private Double targetRatio;

        /** Aim at this many tokens after compacting. */
        private Integer targetTokens;

        /** Apply a compaction only if it saves at least this share of the tokens. */
        private Double minSavingRatio;

        /** Tokens kept free for the model's answer. */
        private Integer reserveTokens;

        /** @return the trigger ratio, or null */
        public Double getTriggerRatio() {
            return triggerRatio;
        }

        /** @param triggerRatio the trigger ratio */
        public void setTriggerRatio(Double triggerRatio) {
            this.triggerRatio = triggerRatio;
        }

        /** @return the trigger token count, or null */
        public Integer getTriggerTokens() {
            return triggerTokens;
        }

        /** @param triggerTokens the trigger token count */
        public void setTriggerTokens(Integer triggerTokens) {
            this.triggerTokens = triggerTokens;
        }

        /** @return the target ratio, or null */
        public Double getTargetRatio() {
            return targetRatio;
        }

        /** @param targetRatio the target ratio */
        public void setTargetRatio(Double targetRatio) {
            this.targetRatio = targetRatio;
        }

        /** @return the target token count, or null */
        public Integer getTargetTokens() {
            return targetTokens;
        }

        /** @param targetTokens the target token count */
        public void setTargetTokens(Integer targetTokens) {
            this.targetTokens = targetTokens;
        }

        /** @return the minimum saving ratio, or null */
        public Double getMinSavingRatio() {
            return minSavingRatio;
        }

        /** @param minSavingRatio the minimum saving ratio */
        public void setMinSavingRatio(Double minSavingRatio) {
            this.minSavingRatio = minSavingRatio;
        }

        /** @return the reserved tokens, or null */
        public Integer getReserveTokens() {
            return reserveTokens;
        }

        /** @param reserveTokens the reserved tokens */
        public void setReserveTokens(Integer reserveTokens) {
            this.reserveTokens = reserveTokens;
        }
    }

    /** Where the journals of what is compacted away are kept. */
    public enum JournalStore {
        /** The database when compact4j-jdbc is on the class path and the app has one DataSource, else the folder when {@code compact4j.journal.directory} is set, else none. */
        AUTO,
        /** JSON-lines files in {@code compact4j.journal.directory}, which must be set. */
        FILE,
        /** The app's DataSource, through compact4j-jdbc, which must be on the class path. */
        JDBC,
        /** No journal: what a compaction removes is gone. */
        NONE
    }

    /** Where journals are kept. */
    public static class Journal {

        /** Where journals are kept: auto (the database when compact4j-jdbc and a DataSource are present, else the directory when set), file, jdbc or none. */
        private JournalStore store = JournalStore.AUTO;

        /** Folder of JSON-lines journals, one file per conversation. */
        private Path directory;

        /** The journal table, when journals are kept in the app's database. */
        private final Jdbc jdbc = new Jdbc();

        /** @return where journals are kept */
        public JournalStore getStore() {
            return store;
        }

        /** @param store where journals are kept */
        public void setStore(JournalStore store) {
            this.store = store;
        }

        /** @return the folder, or null */
        public Path getDirectory() {
            return directory;
        }

        /** @param directory the folder */
        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        /** @return the journal table's settings */
        public Jdbc getJdbc() {
            return jdbc;
        }
    }

    /** The journal table in the app's database (compact4j-jdbc). */
    public static class Jdbc {

        /** The table's name, optionally with its schema (app.compact4j_journal). */
        private String table = "compact4j_journal";

        /** Whether the table is created on first use; false when a migration tool creates it. */
        private boolean createSchema = true;

        /** @return the table's name */
        public String getTable() {
            return table;
        }

        /** @param table the table's name */
        public void setTable(String table) {
            this.table = table;
        }

        /** @return whether the table is created on first use */
        public boolean isCreateSchema() {
            return createSchema;
        }

        /** @param createSchema whether the table is created on first use */
        public void setCreateSchema(boolean createSchema) {
            this.createSchema = createSchema;
        }
    }

    /** The observation's settings. */
    public static class Observations {

        /** Whether each compaction is observed through the app's ObservationRegistry. */
        private boolean enabled = true;

        /** @return whether compactions are observed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether compactions are observed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The endpoint's settings. */
    public static class Endpoint {

        /** How many recent compactions the endpoint shows per backend. */
        private int recentCompactions = 20;

        /** @return how many recent compactions are kept per backend */
        public int getRecentCompactions() {
            return recentCompactions;
        }

        /** @param recentCompactions how many recent compactions are kept per backend */
        public void setRecentCompactions(int recentCompactions) {
            this.recentCompactions = recentCompactions;
        }
    }

    /** The Spring AI chat memory (compact4j-spring-ai's CompactingChatMemory). */
    public static class SpringAi {

        /** Whether the compacting chat memory is configured when compact4j-spring-ai and Spring AI are present. */
        private boolean enabled = true;

        /** The compact4j.backends entry whose chain compacts the memory; the only one when just one is configured. */
        private String backend;

        /** The model the conversations run on, which counts their tokens; the backend's model, or the ChatModel's default model. */
        private String model;

        /** The token budget of each conversation, which the policy's ratios apply to; the model's context window when not set. */
        private Integer maxTokens;

        /** @return whether the memory is configured */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the memory is configured */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the backend's name, or null */
        public String getBackend() {
            return backend;
        }

        /** @param backend the backend's name */
        public void setBackend(String backend) {
            this.backend = backend;
        }

        /** @return the model, or null */
        public String getModel() {
            return model;
        }

        /** @param model the model */
        public void setModel(String model) {
            this.model = model;
        }

        /** @return the budget, or null */
        public Integer getMaxTokens() {
            return maxTokens;
        }

        /** @param maxTokens the budget */
        public void setMaxTokens(Integer maxTokens) {
            this.maxTokens = maxTokens;
        }
    }
}

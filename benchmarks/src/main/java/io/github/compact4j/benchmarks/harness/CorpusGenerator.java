package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.summarize.SummaryMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the harness's corpus under {@code benchmarks/corpus/}: long conversations in the Responses
 * item format, each with a {@code .probes.json} file. All text is written here (templates filled
 * from a seeded {@link Random}, so a run gives the same files); the tool-heavy coding conversation
 * is the example conversation of {@code examples/} with its reasoning items left out (their
 * encrypted content is not real, and a real endpoint would refuse it).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.compact4j.benchmarks.harness.CorpusGenerator \
 *     benchmarks/corpus examples/src/main/resources/conversations/coding-agent.json
 * </pre>
 *
 * <p>Every conversation states its probed facts early and only once, and its filler avoids the
 * probes' distinctive words, so a probe is answerable from the full history and from nothing else.
 */
public final class CorpusGenerator {

    private final Random random;
    private final ArrayNode items = Corpus.MAPPER.createArrayNode();
    private final ArrayNode probes = Corpus.MAPPER.createArrayNode();
    private int calls;

    private CorpusGenerator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param args the corpus directory, and the example coding-agent conversation to copy
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/corpus");
        Path coding = Path.of(args.length > 1 ? args[1] : "examples/src/main/resources/conversations/coding-agent.json");
        Files.createDirectories(dir);
        codingAgent(coding).write(dir, "coding-agent", "tool-heavy coding",
                "A coding agent finds and fixes a bug in Turns.turnStarts, then reviews secret handling and build warnings (shell and apply_patch calls).");
        longChat().write(dir, "long-chat", "long chat",
                "A user and an assistant plan a two-day developer conference over many turns, no tools.");
        research().write(dir, "research-docs", "research with long documents",
                "A research assistant reads long design documents of a storage engine with a fetch tool and writes an evaluation.");
        multiAgent().write(dir, "multi-agent", "multi-agent exchange",
                "An orchestrator delegates a database migration to planner, researcher, coder and reviewer agents and relays their reports.");
        compactedOnce().write(dir, "compacted-once", "already compacted once",
                "A coding agent's conversation that was compacted before (a compact4j summary message after the task), then went on for many tool turns.");
    }

    // ---------------------------------------------------------------- items and probes

    private void msg(String role, String text) {
        ObjectNode n = items.addObject();
        n.put("type", "message");
        n.put("role", role);
        n.putArray("content").addObject().put("type", "assistant".equals(role) ? "output_text" : "input_text")
                .put("text", text);
    }

    private String call(String name, ObjectNode args) {
        String id = "call_" + String.format(Locale.ROOT, "%04d", ++calls) + Integer.toString(random.nextInt(1 << 20), 36);
        ObjectNode n = items.addObject();
        n.put("type", "function_call");
        n.put("call_id", id);
        n.put("name", name);
        n.put("arguments", args.toString());
        return id;
    }

    private void output(String callId, String text) {
        ObjectNode n = items.addObject();
        n.put("type", "function_call_output");
        n.put("call_id", callId);
        n.put("output", text);
    }

    private void probe(String id, String kind, String question, List<String> expected, List<String> reject) {
        ObjectNode p = probes.addObject();
        p.put("id", id);
        p.put("kind", kind);
        p.put("question", question);
        ArrayNode e = p.putArray("expected");
        expected.forEach(e::add);
        ArrayNode r = p.putArray("reject");
        reject.forEach(r::add);
    }

    private void probe(String id, String kind, String question, String... expected) {
        probe(id, kind, question, List.of(expected), List.of());
    }

    private static ObjectNode args() {
        return Corpus.MAPPER.createObjectNode();
    }

    private void write(Path dir, String name, String shape, String description) throws IOException {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < items.size(); i++) {
            sb.append(Corpus.MAPPER.writeValueAsString(items.get(i))).append(i + 1 < items.size() ? ",\n" : "\n");
        }
        sb.append("]\n");
        Files.writeString(dir.resolve(name + ".json"), sb.toString(), StandardCharsets.UTF_8);
        ObjectNode meta = Corpus.MAPPER.createObjectNode();
        meta.put("shape", shape);
        meta.put("description", description);
        meta.set("probes", probes);
        Files.writeString(dir.resolve(name + Corpus.PROBES_SUFFIX),
                Corpus.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n", StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- text helpers

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** A paragraph of {@code n} sentences drawn from a bank, each filled with {@link #fill}. */
    private String paragraph(String[] bank, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(fill(bank[random.nextInt(bank.length)]));
        }
        return sb.toString();
    }

    /** Replaces {N} with a number, {P} with a person, {D} with a weekday, {T} with a topic, {S} with a system. */
    private String fill(String template) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 2 < template.length() && template.charAt(i + 2) == '}') {
                char k = template.charAt(i + 1);
                sb.append(switch (k) {
                    case 'N' -> String.valueOf(between(2, 60));
                    case 'P' -> pick(PEOPLE);
                    case 'D' -> pick("Monday", "Tuesday", "Wednesday", "Thursday", "Friday");
                    case 'T' -> pick(TOPICS);
                    case 'S' -> pick(SYSTEMS);
                    default -> "{" + k + "}";
                });
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String[] PEOPLE = {"Amara Okafor", "Jonas Lindqvist", "Priya Raman", "Tomás Ferreira",
        "Mei Chen", "Lukas Novak", "Sofia Marchetti", "Daniel Mensah", "Hana Sato", "Oskar Wójcik", "Leila Haddad",
        "Rafael Ortega", "Ingrid Solberg", "Kwame Asante", "Noor Al-Sayed", "Elif Demir"};
    private static final String[] TOPICS = {"observability for small teams", "property-based testing",
        "incremental builds", "structured logging", "API versioning", "schema migrations", "feature flags",
        "on-call without burnout", "local-first apps", "WebAssembly on the server", "database indexing",
        "accessible design systems", "contract testing", "performance profiling", "supply-chain security",
        "event sourcing", "mobile release trains", "LLM agents in production"};
    private static final String[] SYSTEMS = {"the ingest tier", "the query router", "the metadata service",
        "the tiering daemon", "the index builder", "the replication stream", "the admin API", "the storage nodes"};

    // ---------------------------------------------------------------- coding agent (copied)

    private static CorpusGenerator codingAgent(Path source) throws IOException {
        CorpusGenerator g = new CorpusGenerator(1);
        JsonNode all = Corpus.MAPPER.readTree(source.toFile());
        for (JsonNode item : all) {
            if (!"reasoning".equals(item.path("type").asText())) {
                ObjectNode copy = item.deepCopy();
                copy.remove("id");
                g.items.add(copy);
            }
        }
        g.probe("file-length", "number", "How many lines is Turns.java?", "138");
        g.probe("bug-line", "number", "What line number did the agent give for the cause of the bug, where the "
                + "afterResult flag was set after a user message?", "68");
        g.probe("bug-code", "decision", "Which assignment in Turns.turnStarts set the flag after user messages as well "
                + "as after tool results?", "afterResult = result || user");
        g.probe("new-test", "file", "Which new test class checks the serialized bytes of an exception for a key?",
                "CompactionExceptionTest");
        g.probe("deprecated-method", "name", "Which deprecated Jackson method caused the javac deprecation warning "
                + "in internal/Json?", "withExactBigDecimals");
        g.probe("open-finding", "decision", "Which security finding was left open for the transport work?",
                "cause", "finding 3");
        return g;
    }

    // ---------------------------------------------------------------- long chat

    private static final String[] CHAT_USER = {
        "Can we go through {T} once more? I'm not sure the talk we picked covers it well enough.",
        "{P} asked whether we could add a workshop slot. What would we have to move?",
        "Let's look at the volunteer roster again: who covers the registration desk on the second morning?",
        "I got three new sponsorship enquiries. How should we answer them without promising booth space we don't have?",
        "What do you think of a lightning-talk block after lunch on day one?",
        "Draft a short email to the speakers about slide formats and the recording release form.",
        "How do we handle dietary requirements in the registration form without making it feel like an interrogation?",
        "The accessibility review came back. Can you turn the points into a to-do list with owners?",
        "Can you compare two ways of running the Q&A: microphones in the room versus an online question board?",
        "We need a code of conduct contact rota. Propose one that nobody covers two slots in a row.",
        "Could you summarise where the speaker travel grants stand?",
        "What should go into the attendee guide that we send a week before?"};
    private static final String[] CHAT_ASSISTANT = {
        "One option is to pair the session on {T} with a hands-on follow-up so people can try things right away.",
        "{P} would be a good fit for that slot, since the abstract already promises live examples.",
        "If we shift the afternoon block by {N} minutes, the room change stops overlapping with the coffee break.",
        "I'd keep the track names plain; attendees skim the programme on their phones between sessions.",
        "The registration desk needs at least {N} people at opening time and half that after the first session.",
        "A shared question board lets quieter attendees ask, and the moderator can merge duplicates before reading them out.",
        "For the speaker email, say what we need and by when, then put the details in a short list.",
        "Travel grants work best with a clear deadline: we answer every applicant within {N} days of it.",
        "I would ask {P} to moderate, because the panel mixes very different levels of experience.",
        "The rota should give each person at most one evening slot; the social event runs late.",
        "Live captions help far more people than we expect, not only those who asked for them.",
        "We can print the schedule on the back of the badge, which saves one handout and is always at hand.",
        "Sponsors mostly want to meet attendees; a sponsored coffee corner does that better than a row of booths.",
        "If a speaker cancels, the reserve list from the call for papers gives us {N} talks that are ready to go.",
        "The session on {T} has the most votes from the review committee, so it deserves the larger room.",
        "Give volunteers a one-page briefing with the room map, the radio channels and who to call for what.",
        "Recording consent should be a separate checkbox, not buried in the general terms.",
        "A quiet room with a few desks is cheap and regularly gets the best feedback at events of this size.",
        "On the second day, attendance tends to dip after lunch, so the strongest talks should run before it.",
        "Name badges with large first names and pronouns optional make the hallway track much easier."};

    private static CorpusGenerator longChat() {
        CorpusGenerator g = new CorpusGenerator(2);
        g.msg("system", "You are a helpful assistant for event organisers. Be concrete and practical; keep track of "
                + "the decisions the user makes and remind them of constraints when a plan conflicts with one.");
        g.msg("user", "I'm organising DevHarbour 2027, a two-day developer conference. We have a total budget of "
                + "€48,500 for everything, and I want your help planning it end to end over the next weeks.");
        g.msg("assistant", "Happy to help. With €48,500 in total, the first things to settle are the dates, the "
                + "place and the size, because almost every other cost follows from those three.");
        g.msg("user", "Dates are fixed: DevHarbour 2027 runs on 14 and 15 April 2027. Size: the fire permit caps "
                + "attendance at 320 attendees, speakers and volunteers included.");
        g.msg("assistant", "Noted: 14 and 15 April 2027, at most 320 people in the building at any time.");
        g.msg("user", "Decision made on the location: we signed with the Lloyd Warehouse in Rotterdam. The other "
                + "shortlisted places were too far from the station.");
        g.msg("assistant", "Good choice for travel. The Lloyd Warehouse contract is the anchor for the room plan; "
                + "I'll plan the tracks around its two halls.");
        g.msg("user", "Food: we booked Groen & Zout as the caterer, fully vegetarian, with vegan options marked.");
        g.msg("assistant", "Groen & Zout is booked; I'll keep the meal times in the schedule aligned with what they need.");
        g.msg("user", "One problem: the ticket shop's webhook to our attendee list keeps failing with the error "
                + "'HTTP 422: seat_map_version mismatch'. The vendor is looking into it.");
        g.msg("assistant", "Until the vendor fixes it, export the ticket list daily by hand so the badge printing "
                + "does not fall behind.");
        g.msg("user", "And the opening talk on day one starts at 09:30.");
        g.msg("assistant", "Noted, 09:30 for the opening talk.");
        int turns = 0;
        while (turns < 150) {
            g.msg("user", g.fill(g.pick(CHAT_USER)));
            StringBuilder reply = new StringBuilder();
            for (int p = 0, n = g.between(3, 5); p < n; p++) {
                if (p > 0) {
                    reply.append("\n\n");
                }
                reply.append(g.paragraph(CHAT_ASSISTANT, g.between(3, 5)));
            }
            g.msg("assistant", reply.toString());
            turns++;
            if (turns == 60) {
                g.msg("user", "Change of plan from the venue manager: the opening keynote has to move, it now "
                        + "starts at 10:15 because the doors open later than we thought.");
                g.msg("assistant", "Updated: the opening keynote starts at 10:15; I'll shift the morning sessions.");
            }
        }
        g.probe("budget", "number", "What is the total budget of DevHarbour 2027?", "48500");
        g.probe("dates", "fact", "On which dates does DevHarbour 2027 run?", "14 and 15 April", "14 15 April",
                "April 14");
        g.probe("attendance", "number", "How many attendees does the fire permit cap attendance at?", "320");
        g.probe("location", "decision", "Which location did the user sign with for the conference?",
                "Lloyd Warehouse");
        g.probe("caterer", "name", "Which caterer was booked for the food?", "Groen & Zout");
        g.probe("ticket-error", "error", "What error does the ticket shop's webhook keep failing with?",
                "seat_map_version mismatch");
        g.probe("opening-time", "decision", "At what time does the opening keynote start now, after the venue "
                + "manager's change?", List.of("10:15"), List.of("09:30"));
        return g;
    }

    // ---------------------------------------------------------------- research with long documents

    private static final String[] DOC_SENTENCES = {
        "{S} keeps its state in memory and rebuilds it from disk after a restart, which takes about {N} seconds per terabyte.",
        "Operators can change this setting at runtime; the new value applies to data written after the change.",
        "In the default configuration {S} runs with {N} worker threads per core.",
        "Background work is throttled so that foreground requests keep at least {N} percent of the disk bandwidth.",
        "When a node falls behind, {S} stops routing reads to it until it has caught up.",
        "All timestamps are stored in microseconds since the epoch and compared as unsigned integers.",
        "Metrics are exported in the Prometheus text format on the admin port.",
        "Deleting a table marks its files for removal; the space is reclaimed by the next cleanup pass.",
        "Schema changes that only add columns take effect without rewriting existing files.",
        "{S} batches small writes for up to {N} milliseconds before it flushes them together.",
        "The query planner pushes filters down to the storage nodes whenever the predicate is on a sorted column.",
        "Each file carries a footer with its min and max keys, so range scans can skip most of them.",
        "A rolling upgrade replaces one node at a time; the cluster stays writable throughout.",
        "Clients retry idempotent requests automatically, with jittered backoff capped at {N} seconds.",
        "Cold data moves to object storage after {N} days without reads, and comes back on first access.",
        "Compression is per column; dictionary encoding is chosen when a column has fewer than {N} thousand distinct values.",
        "The admin API lists every background job with its progress and the bytes it has still to process.",
        "Rate limits are enforced per tenant, with a burst allowance of {N} seconds of the steady rate.",
        "Snapshots are consistent across tables and cost no extra disk space until the data changes.",
        "During our tests {S} used between {N} and {N} percent of the available memory under steady load.",
        "Recovery after a node loss completes in under {N} minutes for the data sizes we measured.",
        "The document recommends keeping hot partitions below {N} gigabytes to keep rebalancing short."};

    private String document(String title, String fact, int sections) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (int s = 0; s < sections; s++) {
            sb.append("## ").append(s + 1).append(". ").append(pick("Overview", "Data layout", "Write path",
                    "Read path", "Background work", "Operations", "Limits", "Failure handling", "Configuration",
                    "Observability", "Upgrades", "Capacity planning")).append("\n\n");
            for (int p = 0, n = between(2, 4); p < n; p++) {
                sb.append(paragraph(DOC_SENTENCES, between(4, 7))).append("\n\n");
            }
            if (s == 1 && fact != null) {
                sb.append(fact).append("\n\n");
            }
            if (random.nextInt(3) == 0) {
                sb.append("| setting | default | range |\n|---|---|---|\n");
                for (int r = 0, n = between(3, 6); r < n; r++) {
                    sb.append("| ").append(pick("flush_interval_ms", "worker_threads", "max_open_files",
                            "cleanup_period_s", "read_ahead_kb", "tenant_burst_s", "tier_after_days"))
                            .append(" | ").append(between(1, 900)).append(" | 1 – ").append(between(1000, 90000))
                            .append(" |\n");
                }
                sb.append('\n');
            }
        }
        return sb.toString().strip();
    }

    private static CorpusGenerator research() {
        CorpusGenerator g = new CorpusGenerator(3);
        g.msg("developer", "You are a research assistant for a platform team. Use fetch_document to read documents by "
                + "id and search_docs to find them. Quote numbers exactly, say which document a claim comes from, and "
                + "keep a running list of open questions.");
        g.msg("user", "We are evaluating the Tidewater storage engine as a replacement for our metrics store. Read "
                + "its design documents and our benchmark notes, then write an evaluation: fit, risks, costs, and what "
                + "we would have to change.");
        String[][] docs = {
            {"tw-arch", "Tidewater architecture overview",
                "Tidewater writes data into segments; the default segment size is 256 MiB, and a segment is sealed "
                        + "when it reaches that size or after ten minutes, whichever comes first."},
            {"tw-replication", "Tidewater replication and consistency",
                "Every segment is replicated three times, and a quorum write needs 2 acknowledgements before the "
                        + "client sees success."},
            {"tw-errors", "Tidewater error catalogue",
                "Error TW-4127 means segment checksum mismatch: the node refuses the segment and fetches a fresh "
                        + "replica from a peer."},
            {"tw-operations", "Tidewater operations guide",
                "The write-ahead log lives in /var/lib/tidewater/wal and must be on a local disk, never on a network "
                        + "volume."},
            {"bench-notes", "Our benchmark notes, week 1",
                "Result of the first run: at 120k events per second the p99 write latency of Tidewater was 41 ms, "
                        + "against 95 ms for our current store."},
            {"tw-tiering", "Tidewater tiered storage", null},
            {"tw-query", "Tidewater query engine", null},
            {"tw-security", "Tidewater security model", null},
            {"tw-capacity", "Tidewater capacity planning", null},
            {"bench-notes-2", "Our benchmark notes, week 2", null},
            {"tw-upgrades", "Tidewater upgrades and compatibility", null},
            {"tw-admin", "Tidewater admin API", null},
            {"bench-notes-3", "Our benchmark notes, week 3", null},
            {"tw-backup", "Tidewater backup and restore", null},
            {"tw-multitenancy", "Tidewater multi-tenancy", null},
            {"tw-faq", "Tidewater frequently asked questions", null}};
        for (int d = 0; d < docs.length; d++) {
            String id = g.call("search_docs", args().put("query", docs[d][1].toLowerCase(Locale.ROOT)));
            g.output(id, "1. " + docs[d][0] + " — " + docs[d][1] + "\n2. " + docs[(d + 3) % docs.length][0] + " — "
                    + docs[(d + 3) % docs.length][1]);
            String fetch = g.call("fetch_document", args().put("id", docs[d][0]));
            g.output(fetch, g.document(docs[d][1], docs[d][2], g.between(6, 9)));
            StringBuilder notes = new StringBuilder("Notes on ").append(docs[d][0]).append(":\n");
            for (int k = 0, n = g.between(4, 7); k < n; k++) {
                notes.append("- ").append(g.fill(g.pick(DOC_SENTENCES))).append('\n');
            }
            g.msg("assistant", notes.toString().strip());
            if (d == 4) {
                g.msg("user", "Decision on method: we benchmark with the ingest-heavy workload mix from now on; "
                        + "it is closest to what production sees.");
                g.msg("assistant", "Understood, the ingest-heavy mix for every run from here.");
            } else if (g.random.nextInt(3) == 0) {
                g.msg("user", g.pick("Keep going.", "What is the biggest risk so far?",
                        "Does any of this change the migration effort estimate?", "Anything that worries you about operations?"));
                g.msg("assistant", g.paragraph(DOC_SENTENCES, g.between(3, 6)));
            }
        }
        g.msg("assistant", "Evaluation draft:\n\n" + g.paragraph(DOC_SENTENCES, 8) + "\n\n" + g.paragraph(DOC_SENTENCES, 8));
        g.probe("segment-size", "number", "What is Tidewater's default segment size?", "256 MiB", "256");
        g.probe("quorum", "number", "How many acknowledgements does a Tidewater quorum write need?", "2");
        g.probe("error-code", "error", "Which Tidewater error code means segment checksum mismatch?", "TW-4127");
        g.probe("wal-path", "file", "In which directory does Tidewater keep its write-ahead log?",
                "/var/lib/tidewater/wal");
        g.probe("p99", "number", "What p99 write latency did Tidewater show in the first benchmark run at 120k events "
                + "per second?", "41 ms", "41");
        g.probe("workload", "decision", "Which workload mix did the user decide to benchmark with?", "ingest-heavy");
        return g;
    }

    // ---------------------------------------------------------------- multi-agent exchange

    private static final String[] AGENT_REPORT = {
        "I checked {S} and found no blocker for this step.",
        "The change touches {N} files; all of them have tests that cover the edited paths.",
        "I ran the suite twice; both runs were green and took about {N} minutes.",
        "One open question: whether the read replicas need the same parameter changes as the primary.",
        "I suggest we do the index rebuilds in batches of {N} tables to keep the I/O steady.",
        "The dry run finished without errors; the log is attached to the job in the CI system.",
        "I could not reproduce the earlier timeout; it may have been a noisy neighbour on the runner.",
        "The connection pool settings stay as they are; {N} connections per instance is enough headroom.",
        "I documented the rollback steps in the runbook, with the commands to run in order.",
        "{P} from the database team confirmed the extension versions we need are packaged.",
        "Monitoring now has an alert on replication slots that grow for more than {N} minutes.",
        "The feature flag for dual writes is off by default and can be flipped per region.",
        "I compared row counts on {N} sampled tables after the copy; they matched exactly.",
        "Nothing in the application code depends on the removed configuration parameter.",
        "Latency during the copy rose by about {N} percent and came back once it finished."};

    private static CorpusGenerator multiAgent() {
        CorpusGenerator g = new CorpusGenerator(4);
        g.msg("developer", "You are the orchestrator of a team of agents: planner, researcher, coder and reviewer. "
                + "Delegate work with delegate_task(agent, instructions); each agent's report comes back as the tool "
                + "result. Keep the user informed, keep the plan consistent, and never let two agents change the same "
                + "file at once.");
        g.msg("user", "Migrate the accounts service from Postgres 13 to Postgres 16 with zero downtime. The ticket "
                + "is OPS-2291. Keep me posted after every round.");
        String plan = g.call("delegate_task", args().put("agent", "planner").put("instructions",
                "Draft the migration plan for OPS-2291 and assign owners."));
        g.output(plan, "Plan for OPS-2291 (planner):\n1. Researcher: check extensions and restore on Postgres 16.\n"
                + "2. Coder: write the migration script migrate_0042_accounts.sql and the dual-write switch.\n"
                + "3. Reviewer: review every patch before it merges.\n4. Rollout window: Thursday 02:00 UTC, "
                + "agreed with the on-call team.\n" + g.paragraph(AGENT_REPORT, 6));
        g.msg("assistant", "Round 1: the planner split the work; the coder owns migrate_0042_accounts.sql and the "
                + "rollout window is Thursday 02:00 UTC.");
        String res = g.call("delegate_task", args().put("agent", "researcher").put("instructions",
                "Restore last night's backup onto a Postgres 16 instance and report problems."));
        g.output(res, "Researcher report: the restore onto Postgres 16 stopped with ERROR: could not access file "
                + "\"$libdir/pg_partman_bgw\": No such file or directory. The extension package for 16 was missing; "
                + "after installing it the restore completed.\n" + g.paragraph(AGENT_REPORT, 8));
        String cod = g.call("delegate_task", args().put("agent", "coder").put("instructions",
                "Write migrate_0042_accounts.sql and the dual-write switch."));
        g.output(cod, "Coder report: first patch ready, adds dual writes behind a flag.\n" + g.paragraph(AGENT_REPORT, 6));
        String rev = g.call("delegate_task", args().put("agent", "reviewer").put("instructions",
                "Review the coder's first patch."));
        g.output(rev, "Reviewer report: REJECTED the first patch because of a race in LeaseRenewer.renew: two "
                + "renewals can interleave and both extend an expired lease. Asked the coder to take the row lock "
                + "first.\n" + g.paragraph(AGENT_REPORT, 5));
        String dry = g.call("delegate_task", args().put("agent", "researcher").put("instructions",
                "Run the replication dry run and measure the lag."));
        g.output(dry, "Dry run report: logical replication caught up in 47 minutes; the maximum replication lag "
                + "during the run was 1.8 seconds.\n" + g.paragraph(AGENT_REPORT, 6));
        g.msg("assistant", "Round 2 done: the researcher fixed the missing extension, the reviewer rejected the first "
                + "patch, and the dry run went well.");
        String[] agents = {"planner", "researcher", "coder", "reviewer"};
        for (int round = 3; round < 100; round++) {
            if (g.random.nextInt(4) == 0) {
                g.msg("user", g.pick("How are we doing?", "Anything blocked?", "Please keep the rounds short.",
                        "Is the runbook up to date?", "Any risk to the rollout date?"));
            }
            int parallel = g.random.nextInt(3) == 0 ? 2 : 1;
            List<String> ids = new ArrayList<>();
            List<String> who = new ArrayList<>();
            for (int k = 0; k < parallel; k++) {
                String agent = agents[g.random.nextInt(agents.length)];
                who.add(agent);
                ids.add(g.call("delegate_task", args().put("agent", agent).put("instructions",
                        g.pick("Check the next batch of tables.", "Update the runbook section you own.",
                                "Re-run the suite on the latest patch.", "Review the latest patch.",
                                "Verify the monitoring for the next step.", "Compare row counts after the copy."))));
            }
            for (int k = 0; k < parallel; k++) {
                StringBuilder r = new StringBuilder(Character.toUpperCase(who.get(k).charAt(0)) + who.get(k).substring(1)
                        + " report, round " + round + ":\n");
                for (int p = 0, n = g.between(2, 4); p < n; p++) {
                    r.append(g.paragraph(AGENT_REPORT, g.between(4, 7))).append("\n\n");
                }
                g.output(ids.get(k), r.toString().strip());
            }
            g.msg("assistant", "Round " + round + ": " + g.paragraph(AGENT_REPORT, g.between(2, 3)));
        }
        g.probe("ticket", "name", "What is the ticket number for this work?", "OPS-2291");
        g.probe("script", "file", "Which migration script does the coder agent own?", "migrate_0042_accounts.sql");
        g.probe("rejection", "decision", "Why did the reviewer reject the coder's first patch?",
                "LeaseRenewer.renew");
        g.probe("window", "fact", "When is the rollout window?", "Thursday 02:00 UTC", "02:00 UTC", "2:00 UTC");
        g.probe("restore-error", "error", "Which file could Postgres not access when the researcher restored onto "
                + "Postgres 16?", "pg_partman_bgw");
        g.probe("lag", "number", "What was the maximum replication lag during the dry run?", "1.8 seconds", "1.8");
        return g;
    }

    // ---------------------------------------------------------------- compacted once

    private static final String[] JAVA_LINES = {
        "    private final Map<String, Entry> entries = new ConcurrentHashMap<>();",
        "    public Money total(List<Posting> postings) {",
        "        return postings.stream().map(Posting::amount).reduce(Money.ZERO, Money::plus);",
        "        if (closed.get()) {",
        "            throw new IllegalStateException(\"cannot post to \" + id);",
        "        }",
        "    @Override",
        "    public void close() {",
        "        log.atDebug().addKeyValue(\"account\", accountId).log(\"posting accepted\");",
        "        var batch = repository.loadBatch(day, BATCH_SIZE);",
        "        for (Posting p : batch) {",
        "            balances.merge(p.account(), p.amount(), Money::plus);",
        "    }",
        "import java.time.LocalDate;",
        "    static final int BATCH_SIZE = 500;",
        "        Objects.requireNonNull(clock, \"clock\");",
        "        return new Reconciliation(day, expected, actual, diff);"};
    private static final String[] LOG_LINES = {
        "[INFO] Tests run: {N}, Failures: 0, Errors: 0, Skipped: 0",
        "[INFO] Building ledger-service 3.4.0-SNAPSHOT",
        "[INFO] --- surefire:3.5.2:test (default-test) @ ledger-service ---",
        "[INFO] Running com.acme.ledger.PostingServiceTest",
        "[INFO] Running com.acme.ledger.BalanceCalculatorTest",
        "[WARNING] Tests run: {N}, Failures: 0, Errors: 0, Skipped: 1",
        "[INFO] BUILD SUCCESS",
        "[INFO] Total time:  {N}.4 s"};
    private static final String[] AGENT_NOTES = {
        "The batch loader reads postings in pages, so the memory use stays flat.",
        "I'll read the calculator next, since the totals are computed there.",
        "The tests for the posting service pass; the change did not touch them.",
        "This matches what the reconciliation report showed: the totals agree per account.",
        "Next I'll check where the service registers its shutdown hook.",
        "The repository query orders by posting time, which the calculator relies on.",
        "That method is only called from the scheduler, never from request threads.",
        "I'll run the module's tests again to make sure nothing else moved."};

    private String javaSource(String cls, int lines) {
        StringBuilder sb = new StringBuilder("package com.acme.ledger;\n\npublic final class ").append(cls).append(" {\n");
        for (int i = 0; i < lines; i++) {
            sb.append(pick(JAVA_LINES)).append('\n');
        }
        return sb.append("}\n").toString();
    }

    private static CorpusGenerator compactedOnce() {
        CorpusGenerator g = new CorpusGenerator(5);
        g.msg("developer", "You are a coding agent working in the ledger-service repository. Use shell to run commands "
                + "and apply_patch to edit files. Run the tests after every change and report what you changed.");
        g.msg("user", "The nightly reconciliation keeps failing. Find out why, fix it, and make the flaky test "
                + "reliable. Do not change the public API of the ledger module.");
        String summaryText = """
                1. Task and constraints: fix the failing nightly reconciliation and the flaky test; the public API of \
                the ledger module must not change.
                2. Decisions: we decided to pin jackson-databind to 2.18.2 until the serializer change is understood. \
                The fix stays inside the service; no schema change.
                3. Work done: read PostingService, BalanceCalculator and the scheduler; reproduced the failure locally.
                4. Facts to keep: the staging database listens on port 6543. The flaky test is \
                LedgerReconciliationIT; it fails only when TZ=Pacific/Chatham, because the day boundary is computed \
                in local time.
                5. Errors: the nightly batch threw java.lang.IllegalStateException: ledger closed, when the batch \
                ran past the shutdown of the ledger.
                6. Current state and next steps: find where the ledger is closed early, then fix the time zone \
                handling of the test.""";
        // the message a SummarizingFallbackCompactor leaves behind, as the earlier compaction wrote it
        g.items.add(ResponsesItems.toJsonNode(List.of(SummaryMessage.of(summaryText))).get(0));
        g.msg("assistant", "Picking up from the summary. The early close must come from the shutdown path; the fix "
                + "will go in LedgerCloser.java, which owns the close sequence.");
        String[] classes = {"PostingService", "BalanceCalculator", "LedgerCloser", "ReconciliationJob",
            "PostingRepository", "Money", "LedgerScheduler", "AccountBalances", "DayBoundary", "ShutdownHooks"};
        for (int step = 0; step < 180; step++) {
            String cls = classes[g.random.nextInt(classes.length)];
            switch (g.random.nextInt(4)) {
                case 0 -> {
                    String id = g.call("shell", args().put("command", "cat -n src/main/java/com/acme/ledger/" + cls + ".java"));
                    g.output(id, "Exit code: 0\nOutput:\n" + g.javaSource(cls, g.between(30, 70)));
                }
                case 1 -> {
                    String id = g.call("shell", args().put("command", "mvn -o -q test -Dtest=" + cls + "Test"));
                    StringBuilder log = new StringBuilder("Exit code: 0\nOutput:\n");
                    for (int i = 0, n = g.between(8, 25); i < n; i++) {
                        log.append(g.fill(g.pick(LOG_LINES))).append('\n');
                    }
                    g.output(id, log.toString());
                }
                case 2 -> {
                    String id = g.call("shell", args().put("command", "grep -rn \"" + g.pick("balances", "batch",
                            "repository", "clock", "postings") + "\" src/main/java"));
                    StringBuilder out = new StringBuilder("Exit code: 0\nOutput:\n");
                    for (int i = 0, n = g.between(4, 14); i < n; i++) {
                        out.append("src/main/java/com/acme/ledger/").append(classes[g.random.nextInt(classes.length)])
                                .append(".java:").append(g.between(10, 300)).append(":").append(g.pick(JAVA_LINES))
                                .append('\n');
                    }
                    g.output(id, out.toString());
                }
                default -> {
                    String patch = "*** Begin Patch\n*** Update File: src/main/java/com/acme/ledger/" + cls + ".java\n@@\n-"
                            + g.pick(JAVA_LINES) + "\n+" + g.pick(JAVA_LINES) + "\n*** End Patch";
                    String id = g.call("apply_patch", args().put("input", patch));
                    g.output(id, "Success. Updated the following files:\nM src/main/java/com/acme/ledger/" + cls + ".java");
                }
            }
            if (g.random.nextInt(3) == 0) {
                g.msg("assistant", g.paragraph(AGENT_NOTES, g.between(1, 3)));
            }
        }
        g.msg("assistant", "The suite passes. Remaining: the time zone handling of the flaky test.");
        g.probe("time-zone", "fact", "Which time zone makes the flaky test LedgerReconciliationIT fail?", "Pacific/Chatham");
        g.probe("jackson", "decision", "Which jackson-databind version did we decide to pin?", "2.18.2");
        g.probe("staging-port", "number", "Which port does the staging database listen on?", "6543");
        g.probe("nightly-error", "error", "What exception did the nightly batch throw?", "ledger closed");
        g.probe("fix-file", "file", "Which file owns the close sequence where the fix goes?", "LedgerCloser.java");
        return g;
    }
}

package io.github.compact4j.context;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A journal in a JSON-lines file. */
final class JsonLinesJournal implements CompactionJournal {

    private final Path file;

    JsonLinesJournal(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public synchronized void append(JournalEntry entry) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("trace_id", entry.traceId());
            g.writeStringField("time", entry.time().toString());
            g.writeStringField("strategy", entry.strategy());
            g.writeFieldName("items");
            ResponsesItems.write(entry.items(), g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        w.write('\n');
        byte[] line = w.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compaction journal " + file
                    + "; the compaction was not applied and the conversation keeps its full history", e);
        }
    }

    @Override
    public synchronized List<JournalEntry> entries() {
        List<JournalEntry> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException("line " + n + " of the compaction journal " + file
                            + " is not valid JSON (was the file cut short?)", e);
                }
                out.add(new JournalEntry(node.path("trace_id").asText(null), Instant.parse(node.path("time").asText()),
                        node.path("strategy").asText(), ResponsesItems.fromJsonNode(node.get("items"))));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the compaction journal " + file, e);
        }
        return out;
    }

    @Override
    public String toString() {
        return "JsonLinesJournal{" + file + "}";
    }
}

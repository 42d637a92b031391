package io.mixgate.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recorded Binance sessions in test resources market-feeds/ (format: see its README.md). */
final class RecordedFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedFeed() {
    }

    /** The {@code data} of every received frame of a combined-stream capture, in file order. */
    static List<JsonNode> frames(String file) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines(file)) {
            int colon = line.indexOf(": {");
            if (line.contains(" <-> ") || line.contains(" <- ") || colon < 0) {
                continue;
            }
            JsonNode frame = read(line.substring(colon + 2));
            if (frame.has("data")) {
                out.add(frame.get("data"));
            }
        }
        return out;
    }

    /** The REST depth snapshots of an http capture, by upper-case symbol. */
    static Map<String, JsonNode> snapshots(String file) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int sym = line.indexOf("symbol=");
            int colon = line.indexOf(": {");
            if (sym < 0 || colon < 0) {
                continue;
            }
            String symbol = line.substring(sym + 7, line.indexOf('&', sym));
            out.put(symbol, read(line.substring(colon + 2)));
        }
        return out;
    }

    static List<PriceLevel> levels(JsonNode array, String what) {
        List<PriceLevel> out = new ArrayList<>();
        for (JsonNode l : array) {
            out.add(PriceLevel.of(what, l.get(0).asText(), l.get(1).asText()));
        }
        return out;
    }

    static DepthUpdate update(JsonNode e) {
        long pu = e.has("pu") ? e.get("pu").asLong() : DepthUpdate.NO_ID;
        return new DepthUpdate(e.get("U").asLong(), e.get("u").asLong(), pu, levels(e.get("b"), "b"), levels(e.get("a"), "a"));
    }

    static Trade aggTrade(JsonNode e) {
        return new Trade(e.get("f").asLong(), e.get("l").asLong(), Decimals.positive("p", e.get("p").asText()),
                Decimals.positive("q", e.get("q").asText()), e.get("m").asBoolean(), e.get("T").asLong());
    }

    private static List<String> lines(String file) {
        try (InputStream in = RecordedFeed.class.getResourceAsStream("/market-feeds/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource market-feeds/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.mixgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded exchange session of gateway/src/test/resources/exchange-feeds (cryptofeed's sample
 * data; see the README there): the frames the client received, in order. Line format: {@code <url> <-> <ts>}
 * (opened), {@code <url> <- <ts>: <json>} (sent by the client), {@code <ts>: <json>} (received).
 */
record RecordedSession(List<String> received) {
    static final Path FIXTURES = Path.of("gateway/src/test/resources/exchange-feeds");
    private static final Pattern RECEIVED = Pattern.compile("^[0-9.]+: (.*)$");

    static RecordedSession read(String file) throws IOException {
        Path path = FIXTURES.resolve(file);
        List<String> received = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            Matcher m = RECEIVED.matcher(line);
            if (m.matches()) {
                received.add(m.group(1));
            }
        }
        return new RecordedSession(List.copyOf(received));
    }

    /** Binance combined stream frames of {@code stream}: their "data" payloads, verbatim. */
    List<String> binancePayloads(String stream) {
        String prefix = "{\"stream\":\"" + stream + "\",\"data\":";
        return received.stream().filter(f -> f.startsWith(prefix))
                .map(f -> f.substring(prefix.length(), f.length() - 1)).toList();
    }
}

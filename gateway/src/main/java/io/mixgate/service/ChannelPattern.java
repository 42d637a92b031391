package io.mixgate.service;

import java.util.regex.Pattern;

/**
 * A channel pattern of {@code svc:watch_interest}: {@code *} matches any run of characters
 * (possibly empty), everything else itself, e.g. {@code ex:*@depth}. Immutable.
 */
record ChannelPattern(String text, Pattern regex) {

    static ChannelPattern of(String text) {
        StringBuilder re = new StringBuilder();
        for (String part : text.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return new ChannelPattern(text, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    boolean matches(String channel) {
        return regex.matcher(channel).matches();
    }
}

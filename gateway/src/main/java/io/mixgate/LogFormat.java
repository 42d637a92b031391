package io.mixgate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.format} to the logging backend at start: {@code json} swaps the console
 * appender's encoder for Logback's own {@link JsonEncoder} (one object per line: {@code timestamp}
 * in epoch milliseconds, {@code level}, {@code threadName}, {@code loggerName},
 * {@code formattedMessage}, {@code throwable}); {@code text} keeps logback.xml's pattern.
 * Called once from {@link Main}, before the node starts.
 */
final class LogFormat {
    /** The console appender's name in logback.xml. */
    static final String APPENDER = "STDOUT";

    private LogFormat() {
    }

    static void apply(boolean json) {
        if (!json || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender(APPENDER) instanceof OutputStreamAppender<ILoggingEvent> console)) {
            return;
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // the message with its arguments filled in, not the pattern and the arguments apart
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }
}

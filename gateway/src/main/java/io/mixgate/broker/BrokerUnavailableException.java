package io.mixgate.broker;

/** The broker could not take a message: it was not published anywhere. */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message) {
        super(message);
    }
}

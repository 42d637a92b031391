package io.mixgate;

import io.mixgate.broker.Broker;
import io.mixgate.broker.BrokerListener;
import io.mixgate.broker.MemoryBroker;

/** The broker contract on the in-process broker. */
class MemoryBrokerContractTest extends BrokerContract {
    @Override
    Broker create(BrokerListener listener) {
        return new MemoryBroker(listener);
    }

    @Override
    void awaitSubscription(String channel, boolean present) {
        // nothing to wait for: the in-process broker keeps no node-level subscriptions
    }
}

package io.mixgate.broker;

/** Receives the messages other nodes publish to this node's channel. Must not block. */
public interface NodeInbox {

    /**
     * @param payload owned by the inbox
     * @param replies where to answer the sending node
     */
    void onNodeMessage(byte[] payload, NodeChannel replies);
}

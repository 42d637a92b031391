package io.mixgate.queue;

/**
 * One topic as {@code /metrics} shows it. Immutable.
 *
 * @param depth     items waiting (in Redis: the stream's length, entries not yet acknowledged and
 *                  deleted), or -1 when not known here
 * @param consumers this node's consumers popping the topic
 */
public record TopicLoad(long depth, int consumers) {
}

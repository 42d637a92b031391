package io.mixgate.pubsub;

import io.mixgate.core.Publication;
import io.mixgate.core.StreamPosition;
import java.util.List;

/**
 * What a read of a channel's history found.
 *
 * <p>Immutable and thread-safe.
 *
 * @param recovered    true when {@code publications} are every publication after the position
 *                     asked for (or the latest ones, when none was asked for); false when the
 *                     history no longer holds them or the epoch differs (then the list is empty)
 * @param top          the channel's latest offset and its epoch
 * @param publications in offset order
 */
public record HistoryPage(boolean recovered, StreamPosition top, List<Publication> publications) {
    public HistoryPage {
        publications = List.copyOf(publications);
    }
}

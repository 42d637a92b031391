package io.mixgate.core;

import java.util.List;

/**
 * The node's upstream feeds as the API sees them ({@code GET /v1/upstreams}). Thread-safe.
 */
public interface UpstreamFeeds {
    /** Every upstream's status now, in config order. */
    List<UpstreamStatus> statuses();
}

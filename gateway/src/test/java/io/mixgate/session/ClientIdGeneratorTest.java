package io.mixgate.session;

import static io.mixgate.testing.Conditions.DEADLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientIdGeneratorTest {

    @Test
    void idsAreUniqueAcrossThreads() throws Exception {
        ClientIdGenerator ids = new ClientIdGenerator(7, System.currentTimeMillis());
        int threads = 8;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> made = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                made.add(pool.submit(() -> {
                    go.await();
                    long[] mine = new long[each];
                    for (int i = 0; i < each; i++) {
                        mine[i] = ids.next();
                    }
                    return mine;
                }));
            }
            go.countDown();
            Set<Long> all = new HashSet<>();
            for (Future<long[]> f : made) {
                for (long id : f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    assertTrue(all.add(id), "id handed out twice: " + id);
                }
            }
            assertEquals(threads * each, all.size());
        }
    }

    @Test
    void nodeIdRoundTripsAndIdsStayPositive() {
        long[] seeds = {0, 1, System.currentTimeMillis(), (1L << 48) - 2, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (int node : new int[] {1, 2, 255, 256, 12345, ClientIdGenerator.MAX_NODE_ID}) {
            for (long seed : seeds) {
                ClientIdGenerator ids = new ClientIdGenerator(node, seed);
                for (int i = 0; i < 4; i++) { // crosses the sequence wrap for the seeds near 2^48
                    long id = ids.next();
                    assertTrue(id > 0, "id " + id + " from node " + node + ", seed " + seed);
                    assertEquals(node, ClientIdGenerator.nodeOf(id), "node of " + id + " (seed " + seed + ")");
                }
            }
        }
    }

    @Test
    void nodesNeverShareAnId() {
        long seed = 42;
        long a = new ClientIdGenerator(1, seed).next();
        long b = new ClientIdGenerator(2, seed).next();
        assertNotEquals(a, b, "same seed on two nodes gave the same id");
    }

    @Test
    void rejectsNodeIdsOutsideTheRange() {
        for (int node : new int[] {0, -1, ClientIdGenerator.MAX_NODE_ID + 1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientIdGenerator(node, 0));
            assertEquals("node id " + node + " (expected: 1..32767)", e.getMessage());
        }
    }
}

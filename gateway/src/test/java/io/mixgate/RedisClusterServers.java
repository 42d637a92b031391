package io.mixgate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-master Redis Cluster for tests: three {@code redis-server --cluster-enabled yes}
 * processes joined with {@code redis-cli --cluster create}, no replicas.
 */
final class RedisClusterServers implements AutoCloseable {
    final List<RedisServer> masters = new ArrayList<>();

    static RedisClusterServers launch() throws Exception {
        RedisClusterServers cluster = new RedisClusterServers();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.masters.add(RedisServer.startClusterNode());
            }
            cluster.create();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Seed nodes as {@code host:port}. */
    List<String> seeds() {
        return masters.stream().map(RedisServer::hostPort).toList();
    }

    /** Subscribers of a sharded channel, summed over the masters (only its owner has any). */
    long shardSubscribers(String channel) {
        long total = 0;
        for (RedisServer master : masters) {
            long n = master.subscribers(channel, true);
            total += Math.max(n, 0);
        }
        return total;
    }

    private void create() throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        command.addAll(seeds());
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
            throw new IOException("redis-cli --cluster create failed: " + output);
        }
        for (RedisServer master : masters) {
            Await.until("cluster_state:ok on " + master.hostPort(), Duration.ofSeconds(30),
                    () -> master.bulk("CLUSTER INFO"), info -> info != null && info.contains("cluster_state:ok"));
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServer master : masters) {
            master.close();
        }
    }
}

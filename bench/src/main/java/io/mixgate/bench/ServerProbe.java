package io.mixgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a server's CPU time and memory from {@code /proc}, summed over the process and its
 * descendants (nginx's master and workers; the JVM is one process). CPU time is user + system;
 * memory is the resident set (VmRSS) and the proportional set (Pss, shared pages divided among
 * the processes that map them, so nginx workers' shared memory is not counted twice).
 *
 * <p>A pid of 0 means "no server process to watch" and reads as zero. Thread-safe (stateless).
 */
final class ServerProbe {
    /** Linux's USER_HZ on every mainstream kernel; /proc/pid/stat counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;
    private final long[] pids;

    /** @param pids the server processes to sum (a mesh has several); 0 entries are skipped */
    ServerProbe(long... pids) {
        this.pids = pids;
    }

    boolean enabled() {
        return pids.length > 0 && pids[0] > 0;
    }

    /** User + system CPU seconds used so far by the server's processes. */
    double cpuSeconds() {
        long ticks = 0;
        for (long p : processTree()) {
            String stat = read(Path.of("/proc", Long.toString(p), "stat"));
            if (stat == null) {
                continue;
            }
            // fields after the ")" that closes the command name: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** Resident set size in bytes, summed over the processes. */
    long rssBytes() {
        return sumField("status", "VmRSS:");
    }

    /** Proportional set size in bytes, summed over the processes. */
    long pssBytes() {
        return sumField("smaps_rollup", "Pss:");
    }

    /** Threads of the server's processes. */
    long threads() {
        return sumField("status", "Threads:");
    }

    private long sumField(String file, String field) {
        long total = 0;
        for (long p : processTree()) {
            String text = read(Path.of("/proc", Long.toString(p), file));
            if (text == null) {
                continue;
            }
            for (String line : text.split("\n")) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    long value = Long.parseLong(parts[0]);
                    total += parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
                    break;
                }
            }
        }
        return total;
    }

    /** The pids and all their descendants, from /proc/PID/task/TID/children. */
    List<Long> processTree() {
        List<Long> all = new ArrayList<>();
        List<Long> frontier = new ArrayList<>();
        for (long pid : pids) {
            if (pid > 0) {
                frontier.add(pid);
            }
        }
        while (!frontier.isEmpty() && all.size() < 256) {
            long p = frontier.remove(frontier.size() - 1);
            all.add(p);
            String children = read(Path.of("/proc", Long.toString(p), "task", Long.toString(p), "children"));
            if (children != null && !children.isBlank()) {
                for (String c : children.trim().split("\\s+")) {
                    frontier.add(Long.parseLong(c));
                }
            }
        }
        return all;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

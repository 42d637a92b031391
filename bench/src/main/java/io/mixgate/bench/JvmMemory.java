package io.mixgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks a JVM server, through {@code jcmd}, for its heap use and (when it runs with
 * {@code -XX:NativeMemoryTracking=summary}) its native memory by category, and adds the lines
 * that matter to a result. Silent when no jcmd is given or the call fails.
 */
final class JvmMemory {
    private JvmMemory() {
    }

    static void report(String jcmd, long pid, Result result) {
        if (jcmd == null || jcmd.isEmpty() || pid <= 0) {
            return;
        }
        String heap = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
        if (heap != null) {
            result.put("jvm_heap_info", squeeze(heap, 400));
        }
        String nmt = run(List.of(jcmd, Long.toString(pid), "VM.native_memory", "summary", "scale=MB"));
        if (nmt != null && nmt.contains("Total:")) {
            StringBuilder lines = new StringBuilder();
            for (String line : nmt.split("\n")) {
                String t = line.trim();
                if (t.startsWith("Total:") || t.startsWith("-") && t.contains("(reserved=")) {
                    lines.append(t.replaceAll("\\s+", " ")).append("; ");
                }
            }
            result.put("jvm_native_memory", lines.toString());
        }
    }

    private static String squeeze(String text, int max) {
        String s = text.replaceAll("\\s+", " ").trim();
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

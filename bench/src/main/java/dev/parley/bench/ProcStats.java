package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time, resident memory and live heap of another local JVM, from /proc and jcmd. */
final class ProcStats {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcStats() {
    }

    /** Process CPU time (user + system) in milliseconds. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Live heap in KiB after a full GC (jcmd GC.run, then GC.heap_info). */
    static long liveHeapKib(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), command)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** CPU use of a process over a window, as a share of one core (1.0 = one core busy). */
    record CpuWindow(long pid, long startCpu, long startNanos) {

        static CpuWindow start(long pid) {
            return new CpuWindow(pid, cpuMillis(pid), System.nanoTime());
        }

        double cores() {
            double wallMillis = (System.nanoTime() - startNanos) / 1e6;
            return wallMillis <= 0 ? 0 : (cpuMillis(pid) - startCpu) / wallMillis;
        }
    }
}

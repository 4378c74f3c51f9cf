package dev.parley.bench;

import java.util.function.Supplier;

/**
 * A server the scenarios talk to: its address, and (when it runs on this machine as a process we
 * know) its PID for CPU and memory figures.
 */
record Target(String name, String host, int port, long pid) {

    String base() {
        return "http://" + host + ":" + port;
    }

    boolean measurable() {
        return pid > 0;
    }

    long rssKib() {
        return measurable() ? ProcStats.rssKib(pid) : -1;
    }

    ProcStats.CpuWindow cpu() {
        return ProcStats.CpuWindow.start(pid);
    }

    /** Adds server CPU (cores) and resident memory (MiB) to a result. */
    Result withServerStats(Result result, ProcStats.CpuWindow window) {
        if (measurable()) {
            result.metric("serverCpuCores", window.cores());
            result.metric("serverRssMib", rssKib() / 1024.0);
        }
        return result;
    }

    static <T> T timed(String what, Supplier<T> body) {
        long start = System.nanoTime();
        T value = body.get();
        System.out.printf("  %s took %.1f s%n", what, (System.nanoTime() - start) / 1e9);
        return value;
    }
}

package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Idle connections: opens {@code connections} authenticated WebSockets and holds them. Reports the
 * time to connect the first 2,000, and the server's resident memory and live heap per connection
 * above its idle baseline (both after a full GC).
 */
final class IdleScenario {

    static final int TIMED = 2000;

    private IdleScenario() {
    }

    /** @param path the connection path of the i-th connection (with its token for Parley) */
    static Result run(Target target, WsClients clients, int connections, IntFunction<String> path, int inFlight) throws Exception {
        long heapBefore = target.measurable() ? ProcStats.liveHeapKib(target.pid()) : -1;
        long rssBefore = target.rssKib();
        List<WsClients.Connection> open = new ArrayList<>(connections);
        List<CompletableFuture<WsClients.Connection>> pending = new ArrayList<>();
        long started = System.nanoTime();
        double firstBatchSeconds = 0;
        int failures = 0;
        for (int i = 0; i < connections; i++) {
            pending.add(clients.connect(path.apply(i), frame -> { }, () -> { }));
            if (pending.size() >= inFlight || i == connections - 1 || i == TIMED - 1) {
                for (CompletableFuture<WsClients.Connection> f : pending) {
                    try {
                        open.add(f.get());
                    } catch (Exception e) {
                        failures++;
                    }
                }
                pending.clear();
                if (i == Math.min(TIMED, connections) - 1) {
                    firstBatchSeconds = (System.nanoTime() - started) / 1e9;
                }
            }
        }
        double allSeconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(3000); // let the server settle before measuring
        long heapAfter = target.measurable() ? ProcStats.liveHeapKib(target.pid()) : -1;
        long rssAfter = target.rssKib();
        int held = (int) open.stream().filter(WsClients.Connection::isOpen).count();
        Result result = Result.of("idle", target.name()).param("connections", connections)
                .metric("connected", open.size()).metric("failed", failures).metric("stillOpenAfterSettling", held)
                .metric("secondsToConnectFirst" + Math.min(TIMED, connections), firstBatchSeconds)
                .metric("secondsToConnectAll", allSeconds);
        if (target.measurable() && !open.isEmpty()) {
            result.metric("rssBaselineMib", rssBefore / 1024.0).metric("rssMib", rssAfter / 1024.0)
                    .metric("rssKibPerConnection", (rssAfter - rssBefore) / (double) open.size())
                    .metric("liveHeapKibPerConnection", (heapAfter - heapBefore) / (double) open.size());
        }
        open.forEach(WsClients.Connection::close);
        return result;
    }
}

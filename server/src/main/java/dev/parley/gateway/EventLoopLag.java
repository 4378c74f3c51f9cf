package dev.parley.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import dev.parley.log.Backlogs;
import dev.parley.log.LogConsumer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * How far the server's event loops are behind: every {@value #PROBE_MILLIS} ms a task is queued on
 * each loop, and the time until it ran is the loop's lag. Every frame the node writes (acks,
 * deliveries) waits in those queues, so when the CPU cannot keep up this is where lateness shows
 * first — before routing or the archive fall behind. Registered as the "gateway" stage of
 * {@link Backlogs}: past its bound, sends are refused instead of acked late.
 */
final class EventLoopLag implements Backlogs.Stage {

    static final long PROBE_MILLIS = 100;

    private final List<EventExecutor> loops = new ArrayList<>();
    private final long[] queuedAt;
    private final Disposable probes;
    private volatile long worstMillis;

    EventLoopLag(EventLoopGroup group) {
        group.forEach(loops::add);
        queuedAt = new long[loops.size()];
        probes = Flux.interval(Duration.ofMillis(PROBE_MILLIS)).subscribe(tick -> probe());
    }

    private void probe() {
        long now = System.nanoTime();
        long worst = 0;
        for (int i = 0; i < loops.size(); i++) {
            synchronized (queuedAt) {
                if (queuedAt[i] != 0) {
                    worst = Math.max(worst, now - queuedAt[i]); // the previous probe has not run yet
                    continue;
                }
                queuedAt[i] = now;
            }
            int loop = i;
            try {
                loops.get(i).execute(() -> {
                    long waited = System.nanoTime() - queuedAt[loop];
                    synchronized (queuedAt) {
                        queuedAt[loop] = 0;
                    }
                    worstMillis = Math.max(worstMillis, waited / 1_000_000);
                });
            } catch (RejectedExecutionException shuttingDown) {
                return;
            }
        }
        // Decays: the lag reported is the worst of the last probe round and of what is still waiting now.
        worstMillis = Math.max(worst / 1_000_000, worstMillis / 2);
    }

    @Override
    public LogConsumer.Lag lag() {
        return new LogConsumer.Lag(0, worstMillis);
    }

    @Override
    public boolean running() {
        return true;
    }

    void stop() {
        probes.dispose();
    }
}

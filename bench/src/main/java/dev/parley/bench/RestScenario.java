package dev.parley.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/** REST publish: {@code POST /api/v1/messages} with a fixed number of requests in flight. */
final class RestScenario {

    private RestScenario() {
    }

    static Result run(Target target, Accounts accounts, Accounts.Account sender, Accounts.Account recipient,
                      int concurrency, double seconds) throws Exception {
        Latencies latency = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Semaphore inFlight = new Semaphore(concurrency);
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            long sentAt = System.nanoTime();
            String body = "{\"clientMsgId\":\"r." + n++ + "." + sentAt + "\",\"to\":\"" + recipient.userId() + "\",\"content\":\"rest\"}";
            accounts.post("/api/v1/messages", body, sender.token()).whenComplete((response, error) -> {
                if (error == null) {
                    latency.record((System.nanoTime() - sentAt) / 1000);
                    ok.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        double elapsed = (System.nanoTime() - started) / 1e9;
        return target.withServerStats(Result.of("rest", target.name()), cpu)
                .param("concurrency", concurrency).param("seconds", seconds)
                .metric("accepted", ok.get()).metric("errors", errors.get()).metric("acceptedPerSecond", ok.get() / elapsed)
                .latency("response", latency);
    }
}

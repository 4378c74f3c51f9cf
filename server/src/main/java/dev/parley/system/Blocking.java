package dev.parley.system;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.dao.DataAccessException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where blocking work (JDBC, password hashing) runs, so that it never occupies a Netty event
 * loop. Bounded: when all threads are busy and the queue is full, callers get an error at once.
 */
public final class Blocking {

    private final Scheduler scheduler;

    Blocking(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Runs {@code work} off the event loop. A full pool becomes {@code overloaded} and a database
     * failure {@code database_unavailable} (both 503): typed errors a client can retry on.
     */
    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> ParleyError.overloaded("The server is busy; retry shortly", 500))
                .onErrorMap(DataAccessException.class, e -> ParleyError.unavailable("database_unavailable",
                        "The database is not available; retry shortly"));
    }

    /** A pool of its own, for work that must not take threads from the rest (password hashing). */
    public static Blocking dedicated(String name, int threads, int queuedTasks) {
        return new Blocking(Schedulers.newBoundedElastic(threads, queuedTasks, name, 60, true));
    }

    public void dispose() {
        scheduler.dispose();
    }
}

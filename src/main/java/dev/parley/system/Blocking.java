package dev.parley.system;

import java.util.concurrent.Callable;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where blocking work (JDBC, password hashing) runs, so that it never occupies a Netty event
 * loop. Bounded: when all threads are busy and the queue is full, callers get an error at once.
 */
public final class Blocking {

    private final Scheduler scheduler;

    Blocking(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler);
    }

    public Mono<Void> run(Runnable work) {
        return Mono.<Void>fromRunnable(work).subscribeOn(scheduler);
    }

    void dispose() {
        scheduler.dispose();
    }
}

package dev.parley.accounts;

import java.util.concurrent.Callable;

import dev.parley.system.Blocking;
import reactor.core.publisher.Mono;

/**
 * The pool that hashes passwords (bcrypt: tens of milliseconds of CPU each), apart from the pool
 * that serves sends, history and deliveries: a login flood queues here, and past the queue gets
 * {@code overloaded}, while everyone else's messages go on.
 */
final class PasswordWork {

    private final Blocking pool;

    PasswordWork(LoginLimits limits) {
        this.pool = Blocking.dedicated("parley-passwords", limits.threads(), limits.hashQueue());
    }

    <T> Mono<T> call(Callable<T> work) {
        return pool.call(work);
    }

    void dispose() {
        pool.dispose();
    }
}

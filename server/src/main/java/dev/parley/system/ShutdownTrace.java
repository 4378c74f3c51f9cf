package dev.parley.system;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Makes the order of a stop visible: at DEBUG, each bean that releases something as Spring destroys
 * it (dependents first, so the log shows e.g. the producer closed before the broker stops); at INFO, one line when the
 * stop is complete. Being a post-processor it is created before every other bean and therefore
 * destroyed after all of them: the last thing it does is write the pending summaries of
 * {@link ThrottledLog}.
 */
final class ShutdownTrace implements DestructionAwareBeanPostProcessor, DisposableBean, ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ShutdownTrace.class);

    private volatile long closingSince;

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closingSince = System.nanoTime();
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        log.debug("Stopping bean {}", beanName);
    }

    /** Beans that release something when they stop: Parley's own, and closeable clients, pools and servers. */
    @Override
    public boolean requiresDestruction(Object bean) {
        Class<?> type = bean.getClass();
        boolean parleys = type.getPackageName().startsWith("dev.parley") && !type.isRecord() && !type.getSimpleName().endsWith("Configuration");
        return log.isDebugEnabled() && (parleys || bean instanceof AutoCloseable || bean instanceof DisposableBean);
    }

    @Override
    public void destroy() {
        ThrottledLog.flushAll();
        if (closingSince != 0) {
            log.info("Parley stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closingSince));
        }
    }
}

package dev.parley.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The message path's tracing: on when anything is sampled (see {@link TracingDefaults}). */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator, Environment environment,
                                  TracingSettings settings) { // settings: bound (and so validated) at start
        // What Boot's sampler uses: Parley's settings turned into it by TracingDefaults (the one place of that rule), or Boot's own.
        double probability = environment.getProperty("management.tracing.sampling.probability", Double.class, 0.0);
        boolean enabled = environment.getProperty("management.tracing.enabled", Boolean.class, true);
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (!enabled || probability <= 0 || t == null || p == null) {
            return MessageTracing.OFF;
        }
        return new MessageTracing(t, p);
    }
}

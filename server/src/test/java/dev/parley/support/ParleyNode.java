package dev.parley.support;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import dev.parley.ParleyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A whole Parley node started in this JVM as `bin/parley` would start it, on a random port, for
 * tests that stop and start nodes themselves (restarts).
 */
public final class ParleyNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ParleyNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ParleyNode start(Path dataDir, Map<String, String> extra) {
        return start(dataDir, extra, null);
    }

    /** With {@code clock} (when not null) in place of the system clock, for every bean that tells the time. */
    public static ParleyNode start(Path dataDir, Map<String, String> extra, Clock clock) {
        Map<String, Object> props = new HashMap<>(TestSettings.COMMON);
        props.put("parley.data-dir", dataDir.toString());
        props.putAll(extra);
        // Command-line arguments outrank application.yml (builder "properties" would not).
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ParleyApplication.class);
        if (clock != null) {
            // Primary rather than an override: the node's own clock bean stays, and nothing asks for it by name.
            builder.initializers(context -> ((GenericApplicationContext) context)
                    .registerBean("testClock", Clock.class, () -> clock, definition -> definition.setPrimary(true)));
        }
        ConfigurableApplicationContext context = builder.run(args);
        return new ParleyNode(context);
    }

    /** A node whose database is a fresh PostgreSQL database (and whose log is an embedded broker). */
    public static ParleyNode onPostgres(String purpose) {
        return start(TestDirs.fresh("pg-" + purpose), Map.of(
                "parley.database.url", Postgres.freshDatabase(purpose),
                "parley.database.username", Postgres.USER,
                "parley.database.password", Postgres.PASSWORD));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public TestApi api() {
        return new TestApi(port());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String[] beanNames(Class<?> type) {
        return context.getBeanNamesForType(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

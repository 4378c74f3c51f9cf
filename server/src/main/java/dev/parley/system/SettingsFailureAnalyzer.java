package dev.parley.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Turns a start refused for Parley's settings into one sentence per bad setting, with where its
 * value came from, instead of Boot's binding stack (registered in META-INF/spring.factories, ahead
 * of Boot's own analyzers). Three shapes: a record's {@link SettingsCheck} problems, a value that
 * cannot be converted at all ({@code PARLEY_KAFKA_PARTITIONS=many}), and any other
 * IllegalArgumentException whose message starts with a {@code parley.} setting ({@link Role}).
 */
final class SettingsFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final Pattern SETTING = Pattern.compile("^parley\\.[a-z0-9-]+(\\.[a-z0-9-]+)*");
    /** How a Duration prints itself (PT1M30S); a sentence shows it as it would be written in a setting (1m30s). */
    private static final Pattern ISO_DURATION = Pattern.compile("\\bPT[0-9HMS.]+\\b");
    private static final String ACTION = "Correct the setting(s) above, or remove them to use the defaults; "
            + "docs/configuration.md lists every setting with its default and range.";

    private final Environment environment;

    /** Boot passes the application's environment (null if the failure came before there was one). */
    SettingsFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        SettingsCheck.Invalid invalid = find(failure, SettingsCheck.Invalid.class, e -> true);
        if (invalid != null) {
            return analysis(invalid.problems(), failure);
        }
        IllegalArgumentException named = find(failure, IllegalArgumentException.class,
                e -> e.getMessage() != null && SETTING.matcher(e.getMessage()).find());
        if (named != null) {
            return analysis(List.of(named.getMessage()), failure);
        }
        BindException unconvertible = find(failure, BindException.class, e -> e.getName().toString().startsWith("parley."));
        return unconvertible == null ? null : analysis(List.of(unconvertible(unconvertible)), failure);
    }

    /** The outermost cause of this type that matches, or null. */
    private static <T extends Throwable> T find(Throwable failure, Class<T> type, Predicate<T> matching) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t) && matching.test(type.cast(t))) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private FailureAnalysis analysis(List<String> problems, Throwable failure) {
        String description = problems.stream().map(p -> "- " + withOrigin(p)).collect(Collectors.joining("\n",
                problems.size() == 1 ? "Parley cannot start with this setting:\n" : "Parley cannot start with these " + problems.size() + " settings:\n", ""));
        return new FailureAnalysis(description, ACTION, failure);
    }

    /** "parley.kafka.partitions must be …" → "… (set by System Environment Property "PARLEY_KAFKA_PARTITIONS")". */
    private String withOrigin(String problem) {
        Matcher setting = SETTING.matcher(problem);
        String sentence = ISO_DURATION.matcher(problem.endsWith(".") ? problem.substring(0, problem.length() - 1) : problem)
                .replaceAll(iso -> readable(Duration.parse(iso.group())));
        Origin origin = setting.find() ? origin(setting.group()) : null;
        return sentence + (origin == null ? "" : " (set by " + origin + ")") + ".";
    }

    private Origin origin(String name) {
        if (environment == null || !ConfigurationPropertyName.isValid(name)) {
            return null;
        }
        ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(property);
            if (found != null) {
                return found.getOrigin();
            }
        }
        return null;
    }

    private static String readable(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        if (hours != 0) {
            text.append(hours).append('h');
        }
        if (duration.toMinutesPart() != 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() != 0) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    private static String unconvertible(BindException bind) {
        ConfigurationProperty property = bind.getProperty();
        Object value = property == null ? null : property.getValue();
        return bind.getName() + " cannot be '" + value + "': it must be " + expected(bind.getTarget().getType().resolve(Object.class));
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == short.class || type == Integer.class || type == Long.class || type == Short.class) {
            return "a whole number";
        }
        if (type == Duration.class) {
            return "a duration such as 500ms, 10s, 5m or 12h";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Path.class) {
            return "a directory path";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        return "a valid " + type.getSimpleName();
    }
}

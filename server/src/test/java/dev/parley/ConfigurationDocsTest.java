package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.system.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.mock.env.MockEnvironment;

/**
 * docs/configuration.md cannot drift from the code: every setting of every
 * {@code @ConfigurationProperties} record (prefix + kebab-case component, nested records too) and
 * every {@code parley.*} key of application.yml is in its tables with the code's default, and the
 * tables name no {@code parley.*} setting the code does not have.
 */
class ConfigurationDocsTest {

    /** Table rows: | `name` (…) | default | meaning |. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9.-]+)`[^|]*\\|([^|]*)\\|");
    private static final Pattern FIRST_CODE = Pattern.compile("`([^`]*)`");

    private static Map<String, String> documented;

    @BeforeAll
    static void readDoc() throws IOException {
        documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(doc(), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                documented.put(row.group(1), row.group(2).trim());
            }
        }
        assertThat(documented).as("setting rows found in %s", doc()).hasSizeGreaterThan(20);
    }

    @Test
    void everySettingOfTheSettingsRecordsIsDocumentedWithItsDefault() {
        Map<String, String> settings = recordSettings();
        assertThat(settings).as("settings found in the records").containsKeys("parley.kafka.partitions", "parley.data-dir");
        assertThat(documented.keySet()).as("settings missing from docs/configuration.md").containsAll(settings.keySet());
        settings.forEach((name, defaultValue) -> {
            if (defaultValue != null) {
                assertThat(documentedDefault(documented.get(name))).as("default of %s in docs/configuration.md (%s)", name, documented.get(name))
                        .isEqualTo(defaultValue);
            }
        });
    }

    @Test
    void everyParleySettingOfApplicationYmlIsDocumented() throws IOException {
        assertThat(documented.keySet()).as("application.yml settings missing from docs/configuration.md").containsAll(ymlSettings());
    }

    @Test
    void theDocNamesNoParleySettingTheCodeDoesNotHave() throws IOException {
        Set<String> known = new TreeSet<>(recordSettings().keySet());
        known.addAll(ymlSettings());
        known.add(rolesSetting());
        Set<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeIf(name -> !name.startsWith("parley.") || known.contains(name));
        assertThat(unknown).as("parley.* settings in docs/configuration.md that no code reads").isEmpty();
    }

    /** parley.roles is read by Role.of in a condition, before any bean exists: checked by reading it. */
    private static String rolesSetting() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("parley.roles", "router")
                .withProperty("parley.cluster.redis-url", "redis://localhost:6379");
        assertThat(Role.of(environment)).isEqualTo(EnumSet.of(Role.ROUTER));
        return "parley.roles";
    }

    /** "`12`", "`0` (chosen)" → the first code span; "*(empty)*" and other words in italics → "". */
    private static String documentedDefault(String cell) {
        Matcher code = FIRST_CODE.matcher(cell);
        if (code.find()) {
            return code.group(1);
        }
        return cell.startsWith("*") ? "" : cell;
    }

    /** Setting name → its @DefaultValue (null without one). */
    private static Map<String, String> recordSettings() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, String> settings = new LinkedHashMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.parley")) {
            Class<?> type = load(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            assertThat(type.isRecord()).as("%s is a record", type.getName()).isTrue();
            addComponents(prefix, type, settings);
        }
        return settings;
    }

    private static void addComponents(String prefix, Class<?> record, Map<String, String> settings) {
        RecordComponent[] components = record.getRecordComponents();
        Parameter[] parameters = canonical(record, components).getParameters();
        for (int i = 0; i < components.length; i++) {
            String name = prefix + "." + kebab(components[i].getName());
            if (components[i].getType().isRecord()) {
                addComponents(name, components[i].getType(), settings);
                continue;
            }
            DefaultValue defaultValue = parameters[i].getAnnotation(DefaultValue.class);
            settings.put(name, defaultValue == null ? null : String.join(",", defaultValue.value()));
        }
    }

    private static Set<String> ymlSettings() throws IOException {
        Set<String> names = new TreeSet<>();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))) {
            Arrays.stream(((EnumerablePropertySource<?>) source).getPropertyNames()).filter(n -> n.startsWith("parley.")).forEach(names::add);
        }
        assertThat(names).as("parley.* keys of application.yml").contains("parley.database.url");
        return names;
    }

    private static Constructor<?> canonical(Class<?> record, RecordComponent[] components) {
        try {
            return record.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(record + " has no canonical constructor", e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Surefire runs in server/, an IDE may run in the repository root. */
    private static Path doc() {
        for (Path candidate : List.of(Path.of("../docs/configuration.md"), Path.of("docs/configuration.md"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("docs/configuration.md not found from " + Path.of("").toAbsolutePath());
    }
}

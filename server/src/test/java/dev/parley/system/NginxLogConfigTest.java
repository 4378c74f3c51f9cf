package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The nginx configurations in deploy/ (bin/cluster fills in nginx.conf) never write a URL's query,
 * where the WebSocket access token travels: the access log's format has the path only, and the
 * error log, which nginx gives the whole request line, keeps only critical messages.
 */
class NginxLogConfigTest {

    private static final Pattern LOG_FORMAT = Pattern.compile("log_format\\s+(\\S+)\\s+([^;]*);");
    private static final Pattern ACCESS_LOG = Pattern.compile("access_log\\s+([^;]*);");
    private static final Pattern ERROR_LOG = Pattern.compile("error_log\\s+\\S+\\s+(\\S+)\\s*;");
    /** Variables that hold the query: $request (the request line), $request_uri, $args, $query_string, $arg_*. */
    private static final Pattern QUERY = Pattern.compile("\\$(request(?![_a-z])|request_uri|args|query_string|arg_)");

    @ParameterizedTest
    @ValueSource(strings = {"deploy/nginx.conf", "deploy/nginx-compose.conf"})
    void noLogOfNginxCanHoldTheQuery(String file) throws IOException {
        String config = Files.readString(find(file)).replaceAll("(?m)#.*$", "");

        Matcher format = LOG_FORMAT.matcher(config);
        assertThat(format.find()).as("%s defines a log_format", file).isTrue();
        assertThat(format.group(1)).isEqualTo("parley");
        assertThat(QUERY.matcher(format.group(2)).find()).as("log_format of %s: %s", file, format.group(2)).isFalse();
        assertThat(format.group(2)).contains("$uri");

        Matcher access = ACCESS_LOG.matcher(config);
        while (access.find()) {
            String[] words = access.group(1).trim().split("\\s+");
            assertThat(words[0].equals("off") || (words.length > 1 && words[1].equals("parley")))
                    .as("%s: access_log %s uses the parley format", file, access.group(1)).isTrue();
        }
        Matcher error = ERROR_LOG.matcher(config);
        assertThat(error.find()).as("%s sets error_log with a level", file).isTrue();
        assertThat(error.group(1)).isIn("crit", "alert", "emerg");
    }

    private static Path find(String file) {
        for (Path candidate : List.of(Path.of("..").resolve(file), Path.of(file))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(file + " not found from " + Path.of("").toAbsolutePath());
    }
}

package dev.parley.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs one of the browser scripts (src/test/browser, playwright-core driving the system's Chromium)
 * and answers its requests: a line the script prints that {@code request} handles gets "DONE" back
 * on its stdin once handled. Passes when the script exits 0 having printed "BROWSER TESTS PASSED".
 */
public final class BrowserScript {

    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots").toAbsolutePath();

    private BrowserScript() {
    }

    /** {@code request}: true if it handled the line (the script waits for the answer), false for any other output. */
    public static List<String> run(String script, List<String> args, Predicate<String> request) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", Path.of("src", "test", "browser", script).toAbsolutePath().toString()));
        command.addAll(args);
        command.add(SCREENSHOTS.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                System.out.println("[browser] " + line);
                if (request.test(line)) {
                    in.write("DONE\n");
                    in.flush();
                }
            }
        } finally {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(output).contains("BROWSER TESTS PASSED");
        return output;
    }
}

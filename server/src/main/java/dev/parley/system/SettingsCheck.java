package dev.parley.system;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with one settings record, so that a start refused for bad settings names
 * all of them at once rather than one per attempt. Each problem is one sentence that starts with
 * the setting's name ({@link SettingsFailureAnalyzer} prints them, with where each value came from).
 * <pre>{@code
 * new SettingsCheck()
 *         .require(partitions >= 1, "parley.kafka.partitions must be at least 1, got " + partitions)
 *         .done();
 * }</pre>
 */
public final class SettingsCheck {

    private final List<String> problems = new ArrayList<>();

    public SettingsCheck require(boolean valid, String problem) {
        if (!valid) {
            problems.add(problem);
        }
        return this;
    }

    /** Throws {@link Invalid} if any requirement failed. */
    public void done() {
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
    }

    /** Settings that cannot work; thrown from a settings record's constructor while Spring binds it. */
    public static final class Invalid extends IllegalArgumentException {

        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}

package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void theFullRunMeasuresDirectMessagesOnThreeSetupsUpToOverload() {
        Options options = Options.parse(new String[0]);
        assertThat(options.setups()).extracting(Setup::name).containsExactly("h2-fresh", "postgres-fresh", "h2-aged");
        assertThat(options.pairs()).isEqualTo(100);
        assertThat(options.directSeconds()).isEqualTo(20);
        assertThat(options.directRates()).containsExactly(1000.0, 5000.0, 12000.0, 20000.0, 30000.0);
        assertThat(options.agedMessages()).isEqualTo(5_000_000);
        assertThat(options.agedConversations()).isEqualTo(10_000);
        assertThat(options.seconds()).isEqualTo(10); // the other scenarios keep their windows
    }

    @Test
    void flagsPickSetupsAgeAndRates() {
        Options options = Options.parse(new String[] {"--quick", "--scenarios=direct", "--setups=postgres-aged,h2-fresh",
                "--aged-messages=200_000", "--direct-rates=1000,30000", "--pairs=10", "--postgres=db:5433", "--postgres-user=root"});
        assertThat(options.scenarios()).containsExactly("direct");
        assertThat(options.setups()).containsExactly(new Setup("postgres-aged", Setup.Database.POSTGRES, true),
                new Setup("h2-fresh", Setup.Database.H2, false));
        assertThat(options.agedMessages()).isEqualTo(200_000);
        assertThat(options.directRates()).isEqualTo(List.of(1000.0, 30000.0));
        assertThat(options.pairs()).isEqualTo(10);
        assertThat(options.postgres()).isEqualTo("db:5433");
        assertThat(options.postgresUser()).isEqualTo("root");
    }

    @Test
    void quickRunsAreSmall() {
        Options options = Options.parse(new String[] {"--quick"});
        assertThat(options.agedMessages()).isEqualTo(200_000);
        assertThat(options.directSeconds()).isEqualTo(4);
        assertThat(options.pairs()).isEqualTo(20);
    }

    @Test
    void unknownOrRepeatedSetupsAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--setups=h2-old"})).hasMessageContaining("postgres-fresh");
        assertThatThrownBy(() -> Options.parse(new String[] {"--setups=h2-fresh,h2-fresh"})).hasMessageContaining("twice");
        assertThatThrownBy(() -> Options.parse(new String[] {"--aged-messages=10", "--aged-conversations=100"}))
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> Options.parse(new String[] {"--fast"})).hasMessageContaining("--setups=");
    }
}

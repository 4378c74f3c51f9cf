package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectScenarioTest {

    @Test
    void aMessageIdNamesPairNumberAndSendTime() {
        DirectScenario.MessageId id = new DirectScenario.MessageId(7, 42, 123456789L);
        assertThat(id.text()).isEqualTo("7.42.123456789");
        assertThat(DirectScenario.MessageId.parse(id.text())).isEqualTo(id);
    }

    @Test
    void refsThatAreNotThisScenariosMessagesNameNone() {
        assertThat(DirectScenario.MessageId.parse(null)).isNull();
        assertThat(DirectScenario.MessageId.parse("message.send")).isNull();
        assertThat(DirectScenario.MessageId.parse("a.b.c")).isNull();
        assertThat(DirectScenario.MessageId.parse("1.2")).isNull();
    }
}

package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static final String FRAME = "{\"type\":\"message.create\",\"data\":{\"eventId\":\"2-17\",\"clientMsgId\":\"1.5.99\","
            + "\"seq\":17,\"content\":\"d|1|5|99\",\"attachmentUrl\":null}}";

    @Test
    void readsTheFieldsTheBenchNeeds() {
        assertThat(Json.isType(FRAME, "message.create")).isTrue();
        assertThat(Json.isType(FRAME, "message.ack")).isFalse();
        assertThat(Json.string(FRAME, "content")).isEqualTo("d|1|5|99");
        assertThat(Json.string(FRAME, "clientMsgId")).isEqualTo("1.5.99");
        assertThat(Json.number(FRAME, "seq")).isEqualTo(17);
        assertThat(Json.string(FRAME, "missing")).isNull();
    }
}

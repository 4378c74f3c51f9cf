package dev.parley.log;

/** The bootstrap address every Kafka client of this node uses: external, or the embedded broker's. */
public record KafkaBootstrap(String servers, boolean embedded) {
}

package dev.parley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The boundaries between capabilities that the design relies on. */
class ArchitectureTest {

    private static final JavaClasses PARLEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parley");

    @Test
    void capabilitiesDoNotDependOnEachOtherInCycles() {
        slices().matching("dev.parley.(*)..").should().beFreeOfCycles().check(PARLEY);
    }

    @Test
    void onlyTheGatewayTouchesWebSocketsAndNetty() {
        noClasses().that().resideOutsideOfPackage("dev.parley.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web.reactive.socket..", "io.netty..", "reactor.netty..")
                .check(PARLEY);
    }

    /** The message log, and cluster mode's delivery topics between nodes (live traffic, never the message log itself). */
    @Test
    void onlyTheLogAndTheClusterTransportTalkToKafka() {
        noClasses().that().resideOutsideOfPackages("dev.parley.log..", "dev.parley.cluster..", "dev.parley.system..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "kafka..")
                .check(PARLEY);
    }

    /** Only cluster mode knows Redis; everything else sees the registry through routing's Directory. */
    @Test
    void onlyClusterModeTalksToRedis() {
        noClasses().that().resideOutsideOfPackage("dev.parley.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..")
                .check(PARLEY);
    }

    @Test
    void sqlStaysInTheStoresOfTheCapabilitiesThatOwnTables() {
        noClasses().that().resideOutsideOfPackages("dev.parley.accounts..", "dev.parley.rooms..", "dev.parley.archive..",
                        "dev.parley.conversations..", "dev.parley.presence..", "dev.parley.system..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .check(PARLEY);
    }

    /** Live delivery must never wait for the SQL archive: routing reads the log, not the database. */
    @Test
    void liveRoutingDoesNotDependOnTheArchive() {
        noClasses().that().resideInAPackage("dev.parley.routing..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.archive..", "org.springframework.jdbc..", "java.sql..")
                .check(PARLEY);
    }

    /** The archive is a view of the log: it knows the log and nothing that reads it. */
    @Test
    void theArchiveDependsOnlyOnTheLogAndTheSystem() {
        noClasses().that().resideInAPackage("dev.parley.archive..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.conversations..", "dev.parley.routing..",
                        "dev.parley.gateway..", "dev.parley.messaging..", "dev.parley.rooms..", "dev.parley.accounts..")
                .check(PARLEY);
    }
}

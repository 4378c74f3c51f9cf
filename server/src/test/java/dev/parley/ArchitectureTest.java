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

    @Test
    void onlyTheLogAndTheArchiveTalkToKafka() {
        noClasses().that().resideOutsideOfPackages("dev.parley.log..", "dev.parley.history..", "dev.parley.system..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "kafka..")
                .check(PARLEY);
    }

    @Test
    void sqlStaysInTheStoresOfTheCapabilitiesThatOwnTables() {
        noClasses().that().resideOutsideOfPackages("dev.parley.accounts..", "dev.parley.rooms..", "dev.parley.history..", "dev.parley.system..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .check(PARLEY);
    }
}

package dev.parley.discovery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Eureka stays optional and removable: only this package knows Spring Cloud or Netflix's client. */
class DiscoveryBoundaryTest {

    @Test
    void onlyDiscoveryTouchesSpringCloudAndEureka() {
        noClasses().that().resideOutsideOfPackage("dev.parley.discovery..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.cloud..", "com.netflix..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.parley"));
    }
}

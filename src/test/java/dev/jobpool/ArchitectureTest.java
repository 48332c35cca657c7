package dev.jobpool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import org.junit.jupiter.api.Test;

/**
 * The borders of the code, kept by a test rather than by reviews. Features are the packages below
 * {@code dev.jobpool}; a feature's {@code web} package (its HTTP adapter) counts as a feature of its own, above
 * the feature it serves.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jobpool");

    /** The code a worker JVM loads: it must start fast and alone, without Spring or the service's code. */
    private static final String[] WORKER_CODE = {"dev.jobpool.task", "dev.jobpool.task.builtin",
            "dev.jobpool.task.chaos", "dev.jobpool.processpool.protocol..", "dev.jobpool.processpool.worker.."};

    /** executor, executor.web, store (with store.jdbc), …; JobpoolApplication on its own. */
    private static final SliceAssignment FEATURES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String[] parts = javaClass.getPackageName().split("\\.");
            if (parts.length < 3) {
                return SliceIdentifier.of("application");
            }
            boolean web = parts.length > 3 && parts[3].equals("web");
            return SliceIdentifier.of(parts[2] + (web ? ".web" : ""));
        }

        @Override
        public String getDescription() {
            return "features of dev.jobpool, with their web adapters apart";
        }
    };

    @Test
    void featuresDoNotDependOnEachOtherInACycle() {
        slices().assignedFrom(FEATURES).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void packagesDoNotDependOnEachOtherInACycle() {
        slices().matching("dev.jobpool.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void webCodeIsReachedOnlyFromWebCode() {
        noClasses().that().resideOutsideOfPackages("dev.jobpool..web..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobpool..web..")
                .check(MAIN);
    }

    @Test
    void workerCodeNeedsNoSpringAndNothingOfTheService() {
        classes().that().resideInAnyPackage(WORKER_CODE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "javax.net..", "jakarta.validation..", "tools.jackson..", "com.fasterxml.jackson..",
                        "org.slf4j..", "dev.jobpool.task", "dev.jobpool.task.builtin", "dev.jobpool.task.chaos",
                        "dev.jobpool.processpool.protocol..", "dev.jobpool.processpool.worker..",
                        // what a call's outcome is made of, shared with the service
                        "dev.jobpool.future")
                .andShould().onlyDependOnClassesThat().resideOutsideOfPackages("org.springframework..")
                .check(MAIN);
    }

    @Test
    void thePostgresqlAdapterIsUsedOnlyByTheStore() {
        noClasses().that().resideOutsideOfPackages("dev.jobpool.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobpool.store.jdbc..")
                .check(MAIN);
    }
}

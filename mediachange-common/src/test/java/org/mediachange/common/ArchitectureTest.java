package org.mediachange.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shared library stays one: no package cycles, and it knows nothing of
 * the programs built on it (docs/ARCHITECTURE.md).
 */
@AnalyzeClasses(packages = "org.mediachange.common", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** No package depends on one that depends back on it. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.mediachange.common.(**)").should().beFreeOfCycles();

    /** The client and the daemon use common, never the other way round. */
    @ArchTest
    static final ArchRule commonKnowsNoProgram = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.mediachange.client..", "org.mediachange.daemon..");
}

package org.mediachange.client;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The client's packages ({@code client}, {@code client.ctl}) have no cycle (docs/ARCHITECTURE.md). */
@AnalyzeClasses(packages = "org.mediachange.client", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** No package depends on one that depends back on it. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.mediachange.(**)").should().beFreeOfCycles();
}

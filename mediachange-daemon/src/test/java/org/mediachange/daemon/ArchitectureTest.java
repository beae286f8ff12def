package org.mediachange.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The daemon's architecture, checked on its main classes (docs/ARCHITECTURE.md):
 * no package depends on another that depends back on it, and the layers point
 * one way, from the wiring down to the model.
 *
 * <pre>
 * cli (and Main)                        wiring: starts and stops the parts
 * metrics, health, systemd             observing: /metrics, /api/health, sd_notify; read the parts below
 * web.., notify, dialog.process         surfaces, and the daemon's end of the dialog pipe
 * state                                 what outlives the daemon: ids, waiting and recent requests on disk
 * server                                accept loop and sessions: knows the board, not the surfaces
 * dialog                                the X dialog as a surface; the operator prompt interface
 * dialog.ui, dialog.pipe                the dialog process (Swing) and the pipe both ends speak
 * audit                                 one line per connection
 * requests                              the board: the one place a request lives
 * allow                                 the allow-list
 * model                                 values everyone shares: requests, decisions, endings
 * tally                                 counts of events, kept where they are logged, read by the metrics
 * </pre>
 */
@AnalyzeClasses(packages = "org.mediachange.daemon", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** No package cycles: each package can be read, and tested, with only the ones below it. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.mediachange.daemon.(**)")
            .should().beFreeOfCycles();

    /** Layers that point one way: each may be used only by the layers above it. */
    @ArchTest
    static final ArchRule layersPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Wiring").definedBy("org.mediachange.daemon", "org.mediachange.daemon.cli..")
            .layer("Observe").definedBy("org.mediachange.daemon.metrics..", "org.mediachange.daemon.health..",
                    "org.mediachange.daemon.systemd..")
            .layer("Web").definedBy("org.mediachange.daemon.web..")
            .layer("Notify").definedBy("org.mediachange.daemon.notify..")
            .layer("DialogProcessEnd").definedBy("org.mediachange.daemon.dialog.process..")
            .layer("State").definedBy("org.mediachange.daemon.state..")
            .layer("Server").definedBy("org.mediachange.daemon.server..")
            .layer("Dialog").definedBy("org.mediachange.daemon.dialog")
            .layer("DialogUi").definedBy("org.mediachange.daemon.dialog.ui..")
            .layer("DialogPipe").definedBy("org.mediachange.daemon.dialog.pipe..")
            .layer("Audit").definedBy("org.mediachange.daemon.audit..")
            .layer("Board").definedBy("org.mediachange.daemon.requests..")
            .layer("Allow").definedBy("org.mediachange.daemon.allow..")
            .layer("Model").definedBy("org.mediachange.daemon.model..")
            .layer("Tally").definedBy("org.mediachange.daemon.tally..")

            .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
            // Observing reads the parts (the board, the dialog's health, the accept loop's heartbeat) and
            // serves /metrics with the web console's filters; no part knows it.
            .whereLayer("Observe").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("Web").mayOnlyBeAccessedByLayers("Wiring", "Observe")
            .whereLayer("Notify").mayOnlyBeAccessedByLayers("Wiring", "Web")
            .whereLayer("DialogProcessEnd").mayOnlyBeAccessedByLayers("Wiring")
            // The board knows only its BoardStorage interface; the wiring gives it the state store.
            .whereLayer("State").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("Server").mayOnlyBeAccessedByLayers("Wiring", "Observe")
            .whereLayer("Dialog").mayOnlyBeAccessedByLayers("Wiring", "Observe", "DialogProcessEnd", "DialogUi")
            // The dialog process's code runs only there: the daemon starts it by class name.
            .whereLayer("DialogUi").mayNotBeAccessedByAnyLayer()
            .whereLayer("DialogPipe").mayOnlyBeAccessedByLayers("DialogProcessEnd", "DialogUi")
            .whereLayer("Audit").mayOnlyBeAccessedByLayers("Wiring", "Server")
            .whereLayer("Board").mayOnlyBeAccessedByLayers("Wiring", "Observe", "Web", "Notify", "State", "Server",
                    "Dialog")
            .whereLayer("Allow").mayOnlyBeAccessedByLayers("Wiring", "Observe", "Web", "Server")
            .whereLayer("Model").mayOnlyBeAccessedByLayers("Wiring", "Observe", "Web", "Notify", "DialogProcessEnd",
                    "State", "Server", "Dialog", "DialogUi", "DialogPipe", "Audit", "Board")
            .whereLayer("Tally").mayOnlyBeAccessedByLayers("Wiring", "Observe", "Web", "Notify", "DialogProcessEnd",
                    "Dialog", "Audit");

    /** The Swing UI runs only in the dialog process: nothing the daemon runs may touch it or AWT. */
    @ArchTest
    static final ArchRule onlyTheDialogProcessUsesSwing = noClasses()
            .that().resideOutsideOfPackage("org.mediachange.daemon.dialog.ui..").should().dependOnClassesThat().resideInAnyPackage("javax.swing..", "java.awt..");
}

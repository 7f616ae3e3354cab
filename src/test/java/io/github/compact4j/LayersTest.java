package io.github.compact4j;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The package graph of DESIGN.md ("Layers"), bottom up: {@code internal} utilities, which import
 * nothing of the project, then {@code errors}, {@code conversation}, {@code tokens}, the root
 * contract, {@code logging}, the HTTP layer ({@code http} and {@code internal.http}), the
 * strategies ({@code openai}, {@code anthropic}, {@code summarize}, {@code mask},
 * {@code hybrid}: siblings that never import each other), {@code registry}, and {@code context}.
 * Each layer may use only the layers below it, and no two packages depend on each other.
 *
 * <p>The main classes only: tests may reach across layers to check them.
 */
@AnalyzeClasses(packages = "io.github.compact4j", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    private static final String ROOT = "io.github.compact4j";

    static LayeredArchitecture layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("internal").definedBy(ROOT + ".internal")
                .layer("errors").definedBy(ROOT + ".errors..")
                .layer("conversation").definedBy(ROOT + ".conversation..")
                .layer("tokens").definedBy(ROOT + ".tokens..")
                .layer("contract").definedBy(ROOT)
                .layer("logging").definedBy(ROOT + ".logging..")
                .layer("http").definedBy(ROOT + ".http..", ROOT + ".internal.http..")
                .layer("openai").definedBy(ROOT + ".openai..")
                .layer("anthropic").definedBy(ROOT + ".anthropic..")
                .layer("summarize").definedBy(ROOT + ".summarize..")
                .layer("mask").definedBy(ROOT + ".mask..")
                .layer("hybrid").definedBy(ROOT + ".hybrid..")
                .layer("registry").definedBy(ROOT + ".registry..")
                .layer("context").definedBy(ROOT + ".context..")
                .withOptionalLayers(true)

                .whereLayer("internal").mayNotAccessAnyLayer()
                .whereLayer("errors").mayOnlyAccessLayers("internal")
                .whereLayer("conversation").mayOnlyAccessLayers("internal", "errors")
                .whereLayer("tokens").mayOnlyAccessLayers("internal", "errors", "conversation")
                .whereLayer("contract").mayOnlyAccessLayers("internal", "errors", "conversation", "tokens")
                .whereLayer("logging").mayOnlyAccessLayers("internal", "errors", "conversation", "tokens", "contract")
                .whereLayer("http").mayOnlyAccessLayers("internal", "errors", "conversation", "tokens", "contract",
                        "logging")
                // strategies: everything below them but the bottom utilities, and never one another
                .whereLayer("openai").mayOnlyAccessLayers(STRATEGY_MAY_USE)
                .whereLayer("anthropic").mayOnlyAccessLayers(STRATEGY_MAY_USE)
                .whereLayer("summarize").mayOnlyAccessLayers(STRATEGY_MAY_USE)
                .whereLayer("mask").mayOnlyAccessLayers(STRATEGY_MAY_USE)
                .whereLayer("hybrid").mayOnlyAccessLayers(STRATEGY_MAY_USE)
                .whereLayer("registry").mayOnlyAccessLayers("internal", "errors", "conversation", "tokens",
                        "contract", "logging", "http", "openai", "anthropic", "summarize", "mask", "hybrid")
                .whereLayer("context").mayOnlyAccessLayers("internal", "errors", "conversation", "tokens",
                        "contract", "logging", "http", "openai", "anthropic", "summarize", "mask", "hybrid",
                        "registry");
    }

    /** Not {@code internal}: a strategy reaches the plumbing only through the HTTP layer. */
    private static final String[] STRATEGY_MAY_USE = {"errors", "conversation", "tokens", "contract", "logging", "http"};

    @ArchTest
    static final ArchRule every_layer_uses_only_the_layers_below_it = layers();

    /** One slice per package, the root included, so a cycle through the contract is found too. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            return p.equals(ROOT) || p.startsWith(ROOT + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of compact4j";
        }
    };

    @ArchTest
    static final ArchRule no_two_packages_depend_on_each_other = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();
}

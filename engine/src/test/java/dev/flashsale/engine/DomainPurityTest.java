package dev.flashsale.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.flashsale.engine.ledger.BuyerLedger;
import dev.flashsale.engine.order.Order;
import dev.flashsale.engine.stock.Stock;
import dev.flashsale.engine.stock.StockRules;
import org.junit.jupiter.api.Test;

/** The stock, ledger and order rules are plain Java: no grid, framework or database types (STYLE.md, rule 3). */
class DomainPurityTest {

    static final String[] DOMAIN = {
        "dev.flashsale.engine",
        "dev.flashsale.engine.stock..",
        "dev.flashsale.engine.ledger..",
        "dev.flashsale.engine.order..",
        "dev.flashsale.engine.catalogue.."
    };
    static final String[] INFRASTRUCTURE = {"com.hazelcast..", "org.springframework..", "org.jdbi.."};

    static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flashsale.engine");

    static ArchRule noInfrastructureIn(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INFRASTRUCTURE)
                .because("the sale rules must be testable and reusable without a grid, framework or database");
    }

    @Test
    void domainDependsOnNoGridFrameworkOrDatabase() {
        noInfrastructureIn(DOMAIN).check(ENGINE);
    }

    @Test
    void domainDependsNotOnItsGridAdapters() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.flashsale.engine.grid..")
                .check(ENGINE);
    }

    @Test
    void checksTheDomainItself() {
        assertThat(ENGINE.stream().filter(type -> !type.getPackageName().contains("grid")))
                .extracting(JavaClass::reflect)
                .contains(Outcome.class, OpId.class, Stock.class, StockRules.class, BuyerLedger.class, Order.class);
        assertThat(ENGINE.that(JavaClass.Predicates.resideInAnyPackage(DOMAIN))).hasSizeGreaterThan(10);
    }

    @Test
    void wouldCatchAnAdapterInTheDomain() {
        assertThatThrownBy(
                        () -> noInfrastructureIn("dev.flashsale.engine.grid..").check(ENGINE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("com.hazelcast");
    }
}

package dev.flashsale.api.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flashsale.api.problem.ProblemException;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.api.product.ProductRequests.FieldError;
import dev.flashsale.persistence.product.NewProduct;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What a client may send about products (CONTRACT.md, "Fields"), and the field errors it gets back otherwise. */
class ProductRequestsTest {

    @Test
    void readsAFullProductIgnoringUnknownFields() {
        NewProduct product = ProductRequests.newProduct("""
                {"sku": "KETTLE-1", "name": "Kettle", "description": "Boils water", "price": 24.9, "stock": 100,
                 "perUserLimit": 2, "colour": "red"}""");

        assertThat(product)
                .isEqualTo(new NewProduct(
                        "KETTLE-1",
                        "Kettle",
                        Optional.of("Boils water"),
                        new BigDecimal("24.90"),
                        100,
                        OptionalInt.of(2)));
    }

    @Test
    void readsAPriceGivenAsADecimalStringAndLeavesOutOptionalFields() {
        NewProduct product = ProductRequests.newProduct("""
                {"sku": "S", "name": "N", "price": "5", "stock": 0, "description": null, "perUserLimit": null}""");

        assertThat(product.price()).isEqualTo(new BigDecimal("5.00"));
        assertThat(product.initialStock()).isZero();
        assertThat(product.description()).isEmpty();
        assertThat(product.perUserLimit()).isEmpty();
    }

    @Test
    void acceptsIntegersWrittenWithAZeroFraction() {
        assertThat(ProductRequests.quantity("{\"quantity\": 3.0}")).isEqualTo(3);
    }

    @Test
    void namesEveryWrongFieldOfAProduct() {
        assertFields(() -> ProductRequests.newProduct("""
                        {"sku": "", "name": 5, "price": 1.005, "stock": -1, "perUserLimit": 0}"""), "sku", "name", "price", "stock", "perUserLimit");
        assertFields(() -> ProductRequests.newProduct("{}"), "sku", "name", "price", "stock");
    }

    @Test
    void refusesPricesThatAreNotPositiveDecimalsWithTwoPlaces() {
        for (String price :
                List.of("0", "-1", "\"-1\"", "\"1e3\"", "\"abc\"", "\"1.001\"", "10000000000", "true", "[]")) {
            assertFields(
                    () -> ProductRequests.newProduct(
                            "{\"sku\": \"S\", \"name\": \"N\", \"stock\": 1, \"price\": " + price + "}"),
                    "price");
        }
    }

    @Test
    void refusesStockThatIsNotAWholeNumberFromZero() {
        for (String stock : List.of("1.5", "\"5\"", "-1", "2147483648", "1e20")) {
            assertFields(
                    () -> ProductRequests.newProduct(
                            "{\"sku\": \"S\", \"name\": \"N\", \"price\": 1, \"stock\": " + stock + "}"),
                    "stock");
        }
    }

    @Test
    void refusesTextsOutsideTheirLengths() {
        assertFields(
                () -> ProductRequests.newProduct("{\"sku\": \"" + "s".repeat(65) + "\", \"name\": \"" + "n".repeat(256)
                        + "\", \"price\": 1, \"stock\": 1}"),
                "sku",
                "name");
        assertThat(ProductRequests.newProduct("{\"sku\": \"" + "s".repeat(64) + "\", \"name\": \"" + "n".repeat(255)
                                + "\", \"price\": 1, \"stock\": 1}")
                        .sku())
                .hasSize(64);
    }

    @Test
    void refusesAQuantityBelowOne() {
        for (String quantity : List.of("0", "-2", "1.5", "\"1\"", "null")) {
            assertFields(() -> ProductRequests.quantity("{\"quantity\": " + quantity + "}"), "quantity");
        }
    }

    @Test
    void refusesABodyThatIsNotAJsonObject() {
        for (String body : new String[] {null, "", "not json", "[1]", "42", "{\"sku\": "}) {
            assertThatThrownBy(() -> ProductRequests.quantity(body))
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            problem -> assertThat(problem.problemType()).isEqualTo(ProblemType.INVALID_REQUEST));
        }
    }

    @Test
    void readsPagingWithDefaults() {
        assertThat(ProductRequests.page(null)).isZero();
        assertThat(ProductRequests.size(null)).isEqualTo(20);
        assertThat(ProductRequests.page("3")).isEqualTo(3);
        assertThat(ProductRequests.size("100")).isEqualTo(100);
    }

    @Test
    void refusesBadPaging() {
        for (String page : List.of("-1", "abc", "1.5", "", "99999999999", "99999999999999999999", "+1")) {
            assertFields(() -> ProductRequests.page(page), "page");
        }
        for (String size : List.of("0", "101", "-5", "x", "1e2", "2147483648")) {
            assertFields(() -> ProductRequests.size(size), "size");
        }
    }

    @SuppressWarnings("unchecked")
    static void assertFields(ThrowingCallable request, String... fields) {
        assertThatThrownBy(request).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.problemType()).isEqualTo(ProblemType.INVALID_REQUEST);
            assertThat(problem.getBody().getProperties()).isNotNull().containsKey("errors");
            List<FieldError> errors =
                    (List<FieldError>) problem.getBody().getProperties().get("errors");
            assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(fields);
        });
    }
}

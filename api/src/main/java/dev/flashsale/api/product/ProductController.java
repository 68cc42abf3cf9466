package dev.flashsale.api.product;

import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.engine.Inventory;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Product reads, answered from the grid. */
@RestController
@RequestMapping("/api/products")
final class ProductController {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private final Inventory inventory;

    ProductController(Inventory inventory) {
        this.inventory = inventory;
    }

    @GetMapping("/{id}")
    ProductResponse product(@PathVariable("id") String id) {
        long productId = productId(id);
        return inventory
                .availability(productId)
                .map(stock -> new ProductResponse(productId, stock.available()))
                .orElseThrow(() -> ProblemType.PRODUCT_NOT_FOUND.exception("there is no product " + productId));
    }

    /** The id in the path, which must be a positive integer that fits a long. */
    static long productId(String id) {
        if (DIGITS.matcher(id).matches()) {
            try {
                long productId = Long.parseLong(id);
                if (productId > 0) {
                    return productId;
                }
            } catch (NumberFormatException tooLarge) {
                // answered below like any other malformed id
            }
        }
        throw ProblemType.INVALID_REQUEST.exception("a product id is a positive integer, not '" + id + "'");
    }
}

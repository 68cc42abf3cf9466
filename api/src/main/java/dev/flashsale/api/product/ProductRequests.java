package dev.flashsale.api.product;

import dev.flashsale.api.problem.JsonBodies;
import dev.flashsale.api.problem.ProblemException;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.persistence.product.NewProduct;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads and checks what clients send about products (CONTRACT.md, "Fields"): each method returns the checked value or
 * throws a 400 {@link ProblemType#INVALID_REQUEST} problem whose {@code errors} member lists every wrong field as
 * {@code {field, message}}. Unknown JSON fields are ignored. Stateless and thread-safe.
 */
final class ProductRequests {

    /** The largest page of the catalogue a client may ask for. */
    static final int MAX_PAGE_SIZE = 100;

    static final int DEFAULT_PAGE_SIZE = 20;

    /** The longest description accepted, in characters. */
    static final int MAX_DESCRIPTION = 10_000;

    /** The largest price the catalogue stores: DECIMAL(12,2). */
    static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");

    /** One wrong field of a request, as the problem's {@code errors} member lists it. */
    record FieldError(String field, String message) {}

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Pattern INT_DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");

    private ProductRequests() {}

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

    /** {@code page}: an integer from 0, 0 when absent. */
    static int page(String text) {
        if (text == null) {
            return 0;
        }
        OptionalInt page = parseInt(text);
        if (page.isEmpty() || page.getAsInt() < 0) {
            throw invalid(List.of(new FieldError("page", "a page is an integer from 0, not '" + text + "'")));
        }
        return page.getAsInt();
    }

    /** {@code size}: an integer from 1 to {@value #MAX_PAGE_SIZE}, {@value #DEFAULT_PAGE_SIZE} when absent. */
    static int size(String text) {
        if (text == null) {
            return DEFAULT_PAGE_SIZE;
        }
        OptionalInt size = parseInt(text);
        if (size.isEmpty() || size.getAsInt() < 1 || size.getAsInt() > MAX_PAGE_SIZE) {
            throw invalid(List.of(new FieldError(
                    "size", "a page size is an integer from 1 to " + MAX_PAGE_SIZE + ", not '" + text + "'")));
        }
        return size.getAsInt();
    }

    /** The body of {@code POST /api/admin/products}: {@code {sku, name, description?, price, stock, perUserLimit?}}. */
    static NewProduct newProduct(String body) {
        JsonNode json = object(body);
        List<FieldError> errors = new ArrayList<>();
        String sku = text(json, "sku", 64, true, errors);
        String name = text(json, "name", 255, true, errors);
        String description = text(json, "description", MAX_DESCRIPTION, false, errors);
        BigDecimal price = price(json, errors);
        Long stock = integer(json, "stock", 0, Integer.MAX_VALUE, true, errors);
        Long perUserLimit = integer(json, "perUserLimit", 1, Integer.MAX_VALUE, false, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new NewProduct(
                sku,
                name,
                Optional.ofNullable(description),
                price,
                Math.toIntExact(stock),
                perUserLimit == null ? OptionalInt.empty() : OptionalInt.of(Math.toIntExact(perUserLimit)));
    }

    /** The body of {@code POST /api/admin/products/{id}/restock}: {@code {quantity}}, an integer from 1. */
    static int quantity(String body) {
        JsonNode json = object(body);
        List<FieldError> errors = new ArrayList<>();
        Long quantity = integer(json, "quantity", 1, Integer.MAX_VALUE, true, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return Math.toIntExact(quantity);
    }

    private static JsonNode object(String body) {
        return JsonBodies.object(body, "");
    }

    private static String text(JsonNode json, String field, int maxLength, boolean required, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, field + " is required"));
            }
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(field, field + " is a string"));
            return null;
        }
        String text = value.stringValue();
        if (required && text.isBlank()) {
            errors.add(new FieldError(field, field + " must not be blank"));
            return null;
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            errors.add(new FieldError(field, field + " has at most " + maxLength + " characters"));
            return null;
        }
        return text;
    }

    /** A JSON number or a decimal string: positive, at most 2 decimals, at most {@link #MAX_PRICE}. */
    private static BigDecimal price(JsonNode json, List<FieldError> errors) {
        JsonNode value = json.get("price");
        BigDecimal price;
        if (value == null || value.isNull()) {
            errors.add(new FieldError("price", "price is required"));
            return null;
        } else if (value.isNumber()) {
            price = value.decimalValue();
        } else if (value.isString() && DECIMAL.matcher(value.stringValue()).matches()) {
            price = new BigDecimal(value.stringValue());
        } else {
            errors.add(new FieldError("price", "price is a JSON number or a decimal string such as \"24.90\""));
            return null;
        }
        if (price.signum() <= 0) {
            errors.add(new FieldError("price", "price is more than 0"));
        } else if (price.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError("price", "price has at most 2 decimals"));
        } else if (price.compareTo(MAX_PRICE) > 0) {
            errors.add(new FieldError("price", "price is at most " + MAX_PRICE));
        } else {
            return price;
        }
        return null;
    }

    /** A JSON number with an integral value (5 or 5.0, not 5.5 or "5") from {@code min} to {@code max}. */
    private static Long integer(
            JsonNode json, String field, long min, long max, boolean required, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, field + " is required"));
            }
            return null;
        }
        String range = field + " is an integer from " + min + " to " + max;
        if (!value.isNumber()) {
            errors.add(new FieldError(field, range));
            return null;
        }
        BigDecimal number = value.decimalValue();
        if (number.stripTrailingZeros().scale() > 0
                || number.compareTo(BigDecimal.valueOf(min)) < 0
                || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(new FieldError(field, range));
            return null;
        }
        return number.longValueExact();
    }

    private static OptionalInt parseInt(String text) {
        if (!INT_DIGITS.matcher(text).matches()) {
            return OptionalInt.empty();
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
    }

    private static ProblemException invalid(List<FieldError> errors) {
        String fields = String.join(
                ", ", errors.stream().map(FieldError::field).distinct().toList());
        return ProblemType.INVALID_REQUEST
                .exception("the request has invalid fields: " + fields)
                .with("errors", List.copyOf(errors));
    }
}

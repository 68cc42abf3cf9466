package dev.flashsale.api.order;

import dev.flashsale.api.idempotency.IdempotencyKeys;
import dev.flashsale.api.problem.ProblemType;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a purchase request strictly, with a message that names the field: ids are positive integers,
 * quantities whole numbers from 1 to {@link #MAX_QUANTITY} — not strings, not fractions, not {@code null}. Stateless.
 */
final class RequestFields {

    /** The most units one request may ask for. */
    static final int MAX_QUANTITY = 10_000;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private RequestFields() {}

    static long productId(JsonNode body) {
        JsonNode field = field(body, "productId");
        if (!field.isIntegralNumber() || !field.canConvertToLong() || field.longValue() < 1) {
            throw invalid("productId must be a positive integer, not " + field);
        }
        return field.longValue();
    }

    static int quantity(JsonNode body) {
        JsonNode field = field(body, "quantity");
        if (!field.isIntegralNumber()) {
            throw invalid("quantity must be a whole number from 1 to " + MAX_QUANTITY + ", not " + field);
        }
        if (!field.canConvertToLong() || field.longValue() < 1 || field.longValue() > MAX_QUANTITY) {
            throw invalid("quantity must be from 1 to " + MAX_QUANTITY + ", not " + field);
        }
        return field.intValue();
    }

    /** The id in a path, which must be a positive integer that fits a long. */
    static long pathId(String name, String id) {
        if (DIGITS.matcher(id).matches()) {
            try {
                long value = Long.parseLong(id);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException tooLarge) {
                // answered below like any other malformed id
            }
        }
        throw invalid("a " + name + " id is a positive integer, not '" + id + "'");
    }

    static String idempotencyKey(String header) {
        IdempotencyKeys.problemWith(header).ifPresent(problem -> {
            throw invalid(problem);
        });
        return header;
    }

    private static JsonNode field(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object with productId and quantity");
        }
        JsonNode field = body.get(name);
        if (field == null || field.isNull()) {
            throw invalid(name + " is required");
        }
        return field;
    }

    private static RuntimeException invalid(String detail) {
        return ProblemType.INVALID_REQUEST.exception(detail);
    }
}

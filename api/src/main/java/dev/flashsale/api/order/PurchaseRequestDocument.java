package dev.flashsale.api.order;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/orders} and {@code POST /api/reservations}, as the OpenAPI document shows it. The
 * controllers read the JSON strictly themselves ({@link RequestFields}), to name the field in every refusal.
 */
@Schema(
        name = "PurchaseRequest",
        requiredProperties = {"productId", "quantity"})
record PurchaseRequestDocument(
        @Schema(description = "a positive integer", example = "1")
        long productId,

        @Schema(description = "a whole number from 1 to 10000", example = "1")
        int quantity) {}

package dev.flashsale.api.security;

import java.util.Objects;

/**
 * Who made the request: a buyer, identified by the {@code sub} of their bearer token, or the administrator, signed in
 * with HTTP Basic. A controller method gets it by declaring a parameter of this type; Spring MVC resolves it from the
 * authenticated request:
 *
 * <pre>{@code
 * @PostMapping("/api/orders")
 * ResponseEntity<OrderResponse> create(Caller caller, @RequestHeader("Idempotency-Key") String key,
 *         @Valid @RequestBody OrderRequest request) {
 *     ... inventory.buy(caller.userId(), ...) ...
 * }
 *
 * @GetMapping("/api/orders/{id}")
 * OrderResponse order(Caller caller, @PathVariable String id) {
 *     Order order = ...;
 *     if (!caller.mayAccess(order.userId())) {
 *         throw ProblemType.FORBIDDEN.exception("order " + id + " belongs to another buyer");
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>The security configuration decides who reaches which path (CONTRACT.md): a buyer's path is only reached with a
 * valid bearer token, an administrator's only with the administrator's credentials, so the controller needs no check
 * of its own beyond ownership. On a path that anyone may use, declaring a {@code Caller} makes the request need
 * credentials: an anonymous request is answered 401.
 *
 * <p>Invariant: {@code userId} is a valid user id ({@link #isValidUserId(String)}): 1 to {@value #MAX_USER_ID_LENGTH}
 * characters, not blank, no control characters. For the administrator it is the administrator's user name. Immutable
 * and thread-safe.
 *
 * @param userId the buyer's user id (the token's {@code sub}), or the administrator's user name
 * @param administrator whether the caller is the administrator rather than a buyer
 */
public record Caller(String userId, boolean administrator) {

    /** The longest user id a token may carry, which is also the width of the database's {@code orders.user_id}. */
    public static final int MAX_USER_ID_LENGTH = 128;

    public Caller {
        Objects.requireNonNull(userId, "userId");
        if (!isValidUserId(userId)) {
            throw new IllegalArgumentException(
                    "a user id has 1 to " + MAX_USER_ID_LENGTH + " characters, not blank, no control characters");
        }
    }

    /** A buyer with this user id. */
    public static Caller buyer(String userId) {
        return new Caller(userId, false);
    }

    /** The administrator, signed in with this user name. */
    public static Caller administrator(String userName) {
        return new Caller(userName, true);
    }

    /** Whether the caller is a buyer (not the administrator). */
    public boolean isBuyer() {
        return !administrator;
    }

    /**
     * Whether the caller may see or act on something that belongs to the buyer {@code ownerUserId}: the buyer
     * themself, or the administrator.
     */
    public boolean mayAccess(String ownerUserId) {
        return administrator || userId.equals(ownerUserId);
    }

    /** Whether the text is a valid user id: 1 to {@value #MAX_USER_ID_LENGTH} characters, not blank, no controls. */
    public static boolean isValidUserId(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_USER_ID_LENGTH || text.isBlank()) {
            return false;
        }
        return text.codePoints().noneMatch(Character::isISOControl);
    }
}

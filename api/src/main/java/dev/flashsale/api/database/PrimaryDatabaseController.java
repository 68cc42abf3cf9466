package dev.flashsale.api.database;

import dev.flashsale.api.problem.JsonBodies;
import dev.flashsale.api.problem.ProblemType;
import dev.flashsale.persistence.Database;
import dev.flashsale.persistence.PrimaryCheck;
import dev.flashsale.persistence.grid.PersistenceGrid;
import dev.flashsale.persistence.grid.PrimaryAddress;
import dev.flashsale.persistence.grid.PrimaryAnnouncement;
import dev.flashsale.persistence.grid.PrimaryFailover;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Where the cluster's primary database is, and the administrator's switch to a promoted replica (docs/api.md,
 * "Database failover"). Authentication of {@code /api/admin/**} is the security layer's.
 *
 * <ul>
 *   <li>{@code GET /api/admin/database/primary}: the announced primary (null until one was announced) and this member's
 *       own view: the URL its pool connects to, the epoch it switched to, and whether it has written its recent orders
 *       again ({@code settled}).
 *   <li>{@code POST /api/admin/database/primary} {@code {url}}: checks from this node that {@code url} is reachable,
 *       writable and holds the schema, then announces it with the next epoch; 200 with the address. Every member
 *       switches shortly after. The same URL again answers 200 with {@code changed: false}. 400 for a body without a
 *       {@code jdbc:mysql://} URL, 409 {@code primary-read-only} for a server still read-only (not promoted), 422
 *       {@code primary-unusable} for one that cannot be reached or has no inventory schema.
 * </ul>
 */
@RestController
@RequestMapping("/api/admin/database/primary")
final class PrimaryDatabaseController {

    private static final int MAX_URL_LENGTH = 2_000;

    /** An announced primary. */
    record Address(String url, long epoch) {
        static Address of(PrimaryAddress address) {
            return new Address(address.url(), address.epoch());
        }
    }

    /** This member's view: the primary its pool connects to, the epoch it follows, whether it has caught up. */
    record MemberView(String url, long epoch, boolean settled) {}

    /** The answer of GET. */
    record PrimaryView(Address announced, MemberView member) {}

    /** The answer of POST. */
    record Announced(String url, long epoch, boolean changed) {}

    private final PersistenceGrid persistence;
    private final Database database;

    PrimaryDatabaseController(PersistenceGrid persistence, Database database) {
        this.persistence = persistence;
        this.database = database;
    }

    @GetMapping
    PrimaryView primary() {
        PrimaryFailover failover = persistence.failover();
        return new PrimaryView(
                failover.announced().map(Address::of).orElse(null),
                new MemberView(database.primaryUrl(), failover.switchedEpoch(), failover.settled()));
    }

    @PostMapping
    Announced announce(@RequestBody(required = false) String body) {
        String url = url(body);
        return switch (persistence.failover().announce(url)) {
            case PrimaryAnnouncement.Announced announced ->
                new Announced(announced.address().url(), announced.address().epoch(), announced.changed());
            case PrimaryAnnouncement.Refused refused -> throw refusal(refused.check());
        };
    }

    private static RuntimeException refusal(PrimaryCheck check) {
        return switch (check) {
            case PrimaryCheck.ReadOnly readOnly ->
                ProblemType.PRIMARY_READ_ONLY.exception(readOnly.url()
                        + " is read-only: it is still a replica. Promote it first (scripts/db promote replica: STOP"
                        + " SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = 0)");
            case PrimaryCheck.Unreachable unreachable ->
                ProblemType.PRIMARY_UNUSABLE.exception(
                        "cannot connect to " + unreachable.url() + " from this node: " + unreachable.error());
            case PrimaryCheck.NotInventory notInventory ->
                ProblemType.PRIMARY_UNUSABLE.exception(
                        notInventory.url() + " has no inventory schema (no orders table): " + notInventory.error());
            case PrimaryCheck.Usable usable ->
                throw new IllegalStateException("a usable primary is not a refusal: " + usable.url());
        };
    }

    /** The body's {@code url}: a {@code jdbc:mysql://} URL of at most 2,000 characters. */
    static String url(String body) {
        JsonNode json = JsonBodies.object(body, " {\"url\": \"jdbc:mysql://...\"}");
        JsonNode url = json.get("url");
        if (url == null || !url.isString()) {
            throw ProblemType.INVALID_REQUEST.exception("url is required: a string, jdbc:mysql://host:port/database");
        }
        String text = url.asString().strip();
        if (!text.startsWith("jdbc:mysql://") || text.length() > MAX_URL_LENGTH) {
            throw ProblemType.INVALID_REQUEST.exception(
                    "url is a jdbc:mysql://host:port/database URL of at most " + MAX_URL_LENGTH + " characters");
        }
        return text;
    }
}

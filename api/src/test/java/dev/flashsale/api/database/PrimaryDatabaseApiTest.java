package dev.flashsale.api.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flashsale.api.support.ApiClient;
import dev.flashsale.api.support.AppNode;
import dev.flashsale.api.support.NodeDatabase;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/admin/database/primary} on a whole app node (real member, real MariaDB primary and read-only replica):
 * only the administrator may use it, a bad body is a 400, a read-only or unreachable target a 409 or 422 problem
 * that moves nothing, and an announcement of a usable primary is stored with epoch 1 and followed by the member.
 * The switch itself, with a primary killed and a replica promoted, is {@code PrimaryFailoverClusterTest}'s.
 */
class PrimaryDatabaseApiTest {

    private static final String PATH = "/api/admin/database/primary";
    private static final int MEMBER_PORT = AppNode.freePort();

    private static NodeDatabase database;
    private static AppNode node;
    private static ApiClient api;

    @BeforeAll
    static void startNode() {
        database = NodeDatabase.create("primary_api");
        node = AppNode.start("primary-api-" + UUID.randomUUID(), MEMBER_PORT, List.of(MEMBER_PORT), database, Map.of());
        api = new ApiClient(node);
    }

    @AfterAll
    static void stopNode() throws SQLException {
        if (node != null) {
            node.close();
        }
        database.close();
    }

    @Test
    void isTheAdministratorsOnly() {
        assertThat(api.post(PATH, null, null, body(primaryUrl())).statusCode()).isEqualTo(401);
        assertThat(api.get(PATH, null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesABodyWithoutAJdbcUrl() {
        for (String body : List.of("", "[]", "{}", "{\"url\": 3}", "{\"url\": \"http://127.0.0.1:3316/inventory\"}")) {
            HttpResponse<String> response = api.post(PATH, ApiClient.administrator(), null, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(type(response)).isEqualTo("urn:flash-sale:problem:invalid-request");
        }
    }

    @Test
    void refusesAReadOnlyReplicaWithAConflict() {
        HttpResponse<String> response = api.post(PATH, ApiClient.administrator(), null, body(replicaUrl()));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(type(response)).isEqualTo("urn:flash-sale:problem:primary-read-only");
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains("promote");
        assertThat(node.bean(dev.flashsale.persistence.Database.class).primaryUrl())
                .isEqualTo(primaryUrl());
    }

    @Test
    void refusesAnUnreachableServerAsUnprocessable() {
        String nowhere = "jdbc:mysql://127.0.0.1:" + AppNode.freePort() + "/inventory";

        HttpResponse<String> response = api.post(PATH, ApiClient.administrator(), null, body(nowhere));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(type(response)).isEqualTo("urn:flash-sale:problem:primary-unusable");
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains(nowhere);
    }

    @Test
    void announcesAUsablePrimaryOnceAndTheMemberFollows() throws InterruptedException {
        HttpResponse<String> first = api.post(PATH, ApiClient.administrator(), null, body(primaryUrl()));
        HttpResponse<String> again = api.post(PATH, ApiClient.administrator(), null, body(primaryUrl()));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(first.body(), "$.epoch")).isEqualTo(1);
        assertThat(JsonPath.<Boolean>read(first.body(), "$.changed")).isTrue();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(again.body(), "$.epoch")).isEqualTo(1);
        assertThat(JsonPath.<Boolean>read(again.body(), "$.changed")).isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> view = api.get(PATH, ApiClient.administrator());
        while (!JsonPath.<Boolean>read(view.body(), "$.member.settled") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            view = api.get(PATH, ApiClient.administrator());
        }
        assertThat(JsonPath.<String>read(view.body(), "$.announced.url")).isEqualTo(primaryUrl());
        assertThat(JsonPath.<String>read(view.body(), "$.member.url")).isEqualTo(primaryUrl());
        assertThat(JsonPath.<Integer>read(view.body(), "$.member.epoch")).isEqualTo(1);
        assertThat(JsonPath.<Boolean>read(view.body(), "$.member.settled")).isTrue();
    }

    private static String primaryUrl() {
        return database.properties().get("inventory.db.primary-url");
    }

    private static String replicaUrl() {
        return database.properties().get("inventory.db.replica-url");
    }

    private static String body(String url) {
        return "{\"url\": \"" + url + "\"}";
    }

    private static String type(HttpResponse<String> response) {
        return JsonPath.read(response.body(), "$.type");
    }
}

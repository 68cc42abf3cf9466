package dev.flashsale.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flashsale.engine.grid.InventoryUnavailableException;
import dev.flashsale.persistence.PersistenceException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ProblemResponsesTest {

    @Test
    void answersAGridThatDidNotAnswerWithUnavailableAndRetryAfter() {
        ResponseEntity<ProblemDetail> response = new ProblemResponses()
                .inventoryUnavailable(new InventoryUnavailableException("no answer", new IllegalStateException()));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBody()).isNotNull();
        assertThat(response.getBody().getType()).isEqualTo(URI.create("urn:flash-sale:problem:unavailable"));
    }

    @Test
    void answersADatabaseThatDidNotAnswerAs503WithRetryAfter() {
        ResponseEntity<ProblemDetail> response = new ProblemResponses()
                .databaseUnavailable(new PersistenceException("no connection", new IllegalStateException()));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getBody()).isNotNull();
        assertThat(response.getBody().getType()).isEqualTo(URI.create("urn:flash-sale:problem:database-unavailable"));
    }

    @Test
    void everyProblemTypeHasAStableUrnAndATitle() {
        for (ProblemType problemType : ProblemType.values()) {
            ProblemDetail detail = problemType.detail("what happened");

            assertThat(detail.getType().toString()).startsWith("urn:flash-sale:problem:");
            assertThat(detail.getStatus()).isEqualTo(problemType.status().value());
            assertThat(detail.getTitle()).isEqualTo(problemType.title());
            assertThat(detail.getDetail()).isEqualTo("what happened");
        }
    }
}

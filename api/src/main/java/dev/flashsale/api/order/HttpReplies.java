package dev.flashsale.api.order;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Turns a saga {@link Reply} into the HTTP response. Stateless. */
final class HttpReplies {

    private HttpReplies() {}

    static ResponseEntity<String> toResponse(Reply reply) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(reply.status());
        if (!reply.location().isEmpty()) {
            response.header(HttpHeaders.LOCATION, reply.location());
        }
        reply.retryAfterSeconds()
                .ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
        if (reply.body().isEmpty()) {
            return response.build();
        }
        return response.contentType(reply.success() ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON)
                .body(reply.body());
    }
}

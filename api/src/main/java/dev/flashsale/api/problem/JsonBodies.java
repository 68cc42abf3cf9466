package dev.flashsale.api.problem;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies that must be one JSON object, read into a tree; anything else is a 400 problem. */
public final class JsonBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonBodies() {}

    /**
     * The body as a JSON object, or a 400 {@code invalid-request} problem: "the body is not valid JSON: …" when it does
     * not parse, "the body is a JSON object{@code shape}" when it is empty or not an object.
     */
    public static JsonNode object(String body, String shape) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JacksonException malformed) {
            throw ProblemType.INVALID_REQUEST.exception(
                    "the body is not valid JSON: " + malformed.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw ProblemType.INVALID_REQUEST.exception("the body is a JSON object" + shape);
        }
        return json;
    }
}

package dev.flashsale.api.idempotency;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Records the answer of the attempt holding {@code claimToken}; changes nothing when another attempt holds the key or
 * the request is answered already. Deterministic, so the backup runs it too.
 */
record AnswerRequestProcessor(String claimToken, StoredAnswer answer)
        implements EntryProcessor<String, RememberedRequest, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, RememberedRequest> entry) {
        RememberedRequest request = entry.getValue();
        if (request == null || request.answered() || !request.claimToken().equals(claimToken)) {
            return false;
        }
        entry.setValue(request.answeredWith(answer));
        return true;
    }
}

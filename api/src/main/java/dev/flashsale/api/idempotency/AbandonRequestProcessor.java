package dev.flashsale.api.idempotency;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Frees the key held by {@code claimToken} for the next attempt; changes nothing when another attempt holds it or the
 * request is answered. Deterministic, so the backup runs it too.
 */
record AbandonRequestProcessor(String claimToken) implements EntryProcessor<String, RememberedRequest, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, RememberedRequest> entry) {
        RememberedRequest request = entry.getValue();
        if (request == null || request.answered() || !request.claimToken().equals(claimToken)) {
            return false;
        }
        entry.setValue(request.ownedBy(claimToken, ""));
        return true;
    }
}

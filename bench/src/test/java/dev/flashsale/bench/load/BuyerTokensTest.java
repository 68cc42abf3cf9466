package dev.flashsale.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class BuyerTokensTest {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    @Test
    void signsTheBuyersClaimsWithHs256UnderTheSecret() throws Exception {
        String token = new BuyerTokens(BuyerTokens.LOCAL_SECRET, 2_000_000_000L).token("buyer-7");

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(new String(BASE64URL.decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(new String(BASE64URL.decode(parts[1]), StandardCharsets.UTF_8))
                .startsWith("{\"sub\":\"buyer-7\",\"iat\":")
                .endsWith(",\"exp\":2000000000}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(BuyerTokens.LOCAL_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(BASE64URL.decode(parts[2])).isEqualTo(expected);
    }

    @Test
    void namesBuyersFromOne() {
        assertThat(new BuyerTokens(BuyerTokens.LOCAL_SECRET, 2_000_000_000L).tokens("b-", 3))
                .hasSize(3)
                .allSatisfy(token -> assertThat(token).startsWith("eyJ"));
    }

    @Test
    void refusesAShortSecretAndAUserIdThatWouldNeedEscaping() {
        assertThatThrownBy(() -> new BuyerTokens("short", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BuyerTokens(BuyerTokens.LOCAL_SECRET, 1).token("a\"b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

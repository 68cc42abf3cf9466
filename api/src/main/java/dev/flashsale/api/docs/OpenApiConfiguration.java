package dev.flashsale.api.docs;

import dev.flashsale.api.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui.html}) of the contract's API, with
 * its two ways to authenticate: a buyer's bearer token and the administrator's HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BUYER = "buyer";
    static final String ADMINISTRATOR = "administrator";

    static {
        // Who calls is resolved from the credentials, not read from the request.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI flashSaleOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Flash-sale inventory API")
                        .version("1")
                        .description("Browse, buy now, hold and checkout. Errors are RFC 9457 problems"
                                + " (application/problem+json) with a stable type urn:flash-sale:problem:<name>."
                                + " POST /api/orders and POST /api/reservations require an Idempotency-Key header.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                BUYER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("HS256 over INVENTORY_JWT_SECRET; sub = user id; exp required"))
                        .addSecuritySchemes(
                                ADMINISTRATOR,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("INVENTORY_ADMIN_USER / INVENTORY_ADMIN_PASSWORD")));
    }
}

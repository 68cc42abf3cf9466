package dev.flashsale.api.security;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may use which path (CONTRACT.md), as one stateless Spring Security filter chain: no session, no CSRF token
 * (nothing authenticates by cookie), no login page.
 *
 * <ul>
 *   <li>Buyers authenticate with {@code Authorization: Bearer <JWT>} ({@link BuyerTokenDecoder}) and get the buyer
 *       role; the administrator with HTTP Basic ({@link AdministratorAuthenticationProvider}) and gets the
 *       administrator role.
 *   <li>Anyone: {@code GET /api/products/**} (and {@code HEAD}, {@code OPTIONS}), health, Prometheus and metrics, the API docs, the error page.
 *   <li>Buyers: {@code POST /api/orders}, {@code /api/reservations/**}. Buyers or the administrator: {@code GET
 *       /api/orders/{id}} (the controller checks the order is the caller's, {@link Caller#mayAccess(String)}).
 *       The administrator: {@code /api/admin/**} and every other actuator endpoint.
 *   <li>Anything else: authenticated if a controller handles it, else left to Spring MVC's 404, 405 or 415
 *       ({@link UnmappedRequests}).
 * </ul>
 *
 * <p>Every refusal is a problem ({@link SecurityProblems}): 401 with {@code WWW-Authenticate} for missing or bad
 * credentials, 403 for the wrong role. A request with a bad bearer token or wrong Basic credentials is refused even on
 * a public path.
 *
 * <p>The settings are validated at start-up ({@link SecurityProperties#toSettings(boolean)}): outside the {@code
 * local} profile, the node does not start without a JWT secret of at least 32 bytes and the administrator's
 * credentials.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /** The profile of the local deployment, which supplies well-known defaults for every identity setting. */
    static final String LOCAL_PROFILE = "local";

    /** The requests only a buyer may make. */
    static final RequestMatcher BUYER_PATHS =
            new OrRequestMatcher(pathPattern(HttpMethod.POST, "/api/orders"), pathPattern("/api/reservations/**"));

    /** The requests only the administrator may make (the public actuator endpoints have their own rule before). */
    static final RequestMatcher ADMINISTRATOR_PATHS =
            new OrRequestMatcher(pathPattern("/api/admin/**"), pathPattern("/actuator/**"));

    @Bean
    SecuritySettings securitySettings(SecurityProperties properties, Environment environment) {
        return properties.toSettings(environment.matchesProfiles(LOCAL_PROFILE));
    }

    /**
     * No observations of Spring Security's own: a span or timer around every filter of the chain, every authentication
     * and every authorization cost about a fifth of a node's request-thread CPU (JFR, the no-op endpoint under load),
     * and nothing reads them. Requests stay measured by Spring MVC's {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JwtDecoder buyerTokenDecoder(SecuritySettings settings) {
        return new BuyerTokenDecoder(settings.jwtKey(), Clock.systemUTC());
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http, SecuritySettings settings, JwtDecoder buyerTokenDecoder, ApplicationContext context) {
        SecurityProblems problems = new SecurityProblems(BUYER_PATHS, ADMINISTRATOR_PATHS);
        JwtAuthenticationConverter buyers = new JwtAuthenticationConverter();
        buyers.setJwtGrantedAuthoritiesConverter(token -> Roles.buyer());
        UnmappedRequests unmapped = new UnmappedRequests(
                () -> context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class));

        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .authenticationProvider(new AdministratorAuthenticationProvider(settings))
                .httpBasic(basic -> basic.realmName(SecurityProblems.REALM).authenticationEntryPoint(problems))
                .oauth2ResourceServer(bearer -> bearer.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        // RFC 9728 metadata at /.well-known/oauth-protected-resource: tokens are not bound to TLS
                        // client certificates here.
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                resource -> resource.tlsClientCertificateBoundAccessTokens(false)))
                        .jwt(jwt -> jwt.decoder(buyerTokenDecoder).jwtAuthenticationConverter(buyers)))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/products/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/api/products/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/api/products/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/orders")
                        .hasRole(Roles.BUYER)
                        .requestMatchers(HttpMethod.GET, "/api/orders/*")
                        .hasAnyRole(Roles.BUYER, Roles.ADMINISTRATOR)
                        .requestMatchers("/api/reservations/**")
                        .hasRole(Roles.BUYER)
                        .requestMatchers("/api/admin/**")
                        .hasRole(Roles.ADMINISTRATOR)
                        .requestMatchers(
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/actuator/metrics/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Roles.ADMINISTRATOR)
                        .anyRequest()
                        .access(unmapped));
        return http.build();
    }
}

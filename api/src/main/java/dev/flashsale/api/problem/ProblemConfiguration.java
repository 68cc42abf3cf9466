package dev.flashsale.api.problem;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires the error handling that lives outside Spring MVC: {@link RequestBodyLimitFilter} ahead of every other filter
 * that may read a body (Spring Security's, the form content filter), just after Spring's observation filter so that
 * its 413s are counted in the metrics; and {@link ProblemErrorReportValve} in place of Tomcat's error report valve.
 */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    static final int REQUEST_BODY_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter() {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter());
        registration.setOrder(REQUEST_BODY_LIMIT_ORDER);
        return registration;
    }

    /**
     * Just before Tomcat's host starts, replaces whatever error report valves it has (Tomcat's default, Spring Boot's
     * own) with a {@link ProblemErrorReportValve}, and tells the host to add no other.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            host.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    if (host instanceof StandardHost standardHost) {
                        standardHost.setErrorReportValveClass("");
                    }
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                }
            });
        });
    }
}

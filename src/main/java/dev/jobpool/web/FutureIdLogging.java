package dev.jobpool.web;

import dev.jobpool.future.JobFuture;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;

/**
 * Puts the future id of a {@code /futures/{id}…} request in the MDC, so that what is logged while answering it
 * (a store failure, say) names the future, as lines logged on the pool thread running it do.
 */
final class FutureIdLogging implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("id") instanceof String id) {
            MDC.put(JobFuture.LOG_KEY, id);
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception failure) {
        MDC.remove(JobFuture.LOG_KEY);
    }
}

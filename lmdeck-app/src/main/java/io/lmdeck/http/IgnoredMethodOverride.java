package io.lmdeck.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hides method-override headers from everything behind it. Javalin takes {@code X-HTTP-Method-Override} as the
 * request's method, so {@code GET /api/models/lmstudio/unload} with {@code X-HTTP-Method-Override: POST} would
 * unload everything: a prefetch, a retrying proxy or a replayed "read-only" request could change state. Nothing in
 * lmdeck needs method overrides; a request is what its request line says.
 */
final class IgnoredMethodOverride implements Filter {
    /** Javalin honours the first; the others are the same idea in other frameworks, hidden for good measure. */
    static final Set<String> HEADERS = caseInsensitive("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest ? new Hidden((HttpServletRequest) request) : request,
                response);
    }

    private static final class Hidden extends HttpServletRequestWrapper {
        Hidden(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HEADERS.contains(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADERS.contains(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(HEADERS::contains);
            return Collections.enumeration(names);
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Collections.addAll(set, names);
        return Collections.unmodifiableSet(set);
    }
}

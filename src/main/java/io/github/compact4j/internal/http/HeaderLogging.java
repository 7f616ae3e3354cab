package io.github.compact4j.internal.http;

import java.io.IOException;
import io.github.compact4j.internal.Secrets;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * Logs the headers as they go over the wire (after OkHttp added its own, such as {@code Host} and
 * {@code Content-Length}), at TRACE on {@code io.github.compact4j.http.headers}, through
 * {@link Redaction}. A network interceptor, so it runs on the calling thread with its logging
 * context. Costs one level check when TRACE is off.
 */
final class HeaderLogging implements Interceptor {

    private final Secrets secrets;

    /**
     * @param secrets the client's credentials, scrubbed from allowed header values
     */
    HeaderLogging(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Logger log = HttpLog.HEADERS;
        if (!log.isTraceEnabled()) {
            return chain.proceed(chain.request());
        }
        String clientId = chain.request().header(HttpTransport.CLIENT_REQUEST_ID);
        log.atTrace()
                .addKeyValue("client_request_id", clientId)
                .log("request headers {} {}: {}", chain.request().method(), Redaction.url(chain.request().url(), secrets),
                        render(chain.request().headers(), secrets));
        Response response = chain.proceed(chain.request());
        log.atTrace()
                .addKeyValue("client_request_id", clientId)
                .addKeyValue("status", response.code())
                .log("response headers {} {}: {}", response.code(), response.protocol(), render(response.headers(), secrets));
        return response;
    }

    static String render(Headers headers, Secrets secrets) {
        StringBuilder sb = new StringBuilder(headers.size() * 32);
        for (int i = 0; i < headers.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String name = headers.name(i);
            sb.append(name).append(": ").append(Redaction.header(name, headers.value(i), secrets));
        }
        return sb.toString();
    }
}

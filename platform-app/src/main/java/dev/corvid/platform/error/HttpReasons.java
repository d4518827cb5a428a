package dev.corvid.platform.error;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Reason phrases for problem titles. */
final class HttpReasons {

    private HttpReasons() {
    }

    static String phrase(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}

package io.aionet.bench.serve;

import java.util.List;

/** The static-file servers the {@code serve} macro benchmark (issue 13 item 3) compares, by report name. */
final class ServeImpls {
    private ServeImpls() {}

    /** The shipped {@code ./aionet serve}: the examples' HttpFileServer on one thread. */
    static final String AIONET = "aionet";
    /** nginx, one worker, sendfile on (skipped when not installed). */
    static final String NGINX = "nginx";
    /** The JDK's {@code com.sun.net.httpserver.HttpServer}, handlers on its dispatcher thread. */
    static final String JDK_HTTPSERVER = "jdk-httpserver";

    /** Every implementation, in the order each round runs them. */
    static final List<String> ALL = List.of(AIONET, NGINX, JDK_HTTPSERVER);
}

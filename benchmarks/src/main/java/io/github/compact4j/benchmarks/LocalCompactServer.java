package io.github.compact4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * A minimal HTTP/1.1 server on the loopback interface that answers every request with the same
 * canned {@code 200} response: it reads and discards the request (fixed length or chunked) into
 * one reusable buffer and writes pre-encoded bytes back, on keep-alive connections.
 *
 * <p>Why not {@code MockWebServer}: it keeps every recorded request, body included, in a queue,
 * and copies each body into its own buffers. The JMH GC profiler counts the bytes every thread of
 * the JVM allocates, so that server-side work would be added to each client's bytes per call (and
 * a several-MB body per call would fill the heap). This server allocates nothing per request, so
 * the figures are the clients' own; it does the same work for every client compared.
 */
final class LocalCompactServer implements AutoCloseable {

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final byte[] response;
    private final List<Socket> connections = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * @param contentType the response's {@code Content-Type}
     * @param body the response body sent for every request
     * @throws IOException when the port cannot be opened
     */
    LocalCompactServer(String contentType, byte[] body) throws IOException {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\nx-request-id: req_0123456789abcdef\r\nopenai-processing-ms: 1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        acceptor = new Thread(this::accept, "local-compact-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * An OkHttp client whose sockets have {@code TCP_NODELAY} on. OkHttp leaves Nagle's algorithm
     * on; on loopback, a request's last small segment then waits for the server's delayed ACK
     * (about 40 ms on Linux), which would measure the kernel's timers instead of the clients. Over
     * a real network the first round trips hide this; here every client compared gets the same
     * setting.
     *
     * @return the client to hand to (or derive) every client compared
     */
    static OkHttpClient noDelayClient() {
        SocketFactory plain = SocketFactory.getDefault();
        return new OkHttpClient.Builder().socketFactory(new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return noDelay(plain.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return noDelay(plain.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(plain.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return noDelay(plain.createSocket(host, port, local, localPort));
            }
        }).build();
    }

    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }

    /** @return the base URL the clients are given, e.g. {@code http://127.0.0.1:41234/v1} */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                synchronized (connections) {
                    connections.add(s);
                }
                Thread t = new Thread(() -> serve(s), "local-compact-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("the local server stopped accepting connections", e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            Reader in = new Reader(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (in.readRequest()) {
                out.write(response);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the connection (or the server is closing): nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (connections) {
            for (Socket s : connections) {
                s.close();
            }
        }
    }

    /** Reads requests from one connection without allocating per request. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private final byte[] line = new byte[8 * 1024];
        private int pos;
        private int limit;

        Reader(InputStream in) {
            this.in = in;
        }

        /** @return false at the end of the connection; otherwise one request was read and discarded */
        boolean readRequest() throws IOException {
            int n = readLine();
            if (n < 0) {
                return false;
            }
            long length = 0;
            boolean chunked = false;
            while ((n = readLine()) > 0) {
                if (startsWith(n, CONTENT_LENGTH)) {
                    length = parseDecimal(CONTENT_LENGTH.length, n);
                } else if (startsWith(n, TRANSFER_ENCODING)) {
                    chunked = true;   // the only transfer coding clients send
                }
            }
            if (n < 0) {
                return false;
            }
            if (chunked) {
                long size;
                while ((size = parseChunkSize(readLine())) > 0) {
                    skip(size);
                    readLine();
                }
                while (readLine() > 0) {
                    // trailers end with an empty line
                }
            } else {
                skip(length);
            }
            return true;
        }

        private boolean fill() throws IOException {
            int r = in.read(buf, 0, buf.length);
            if (r <= 0) {
                return false;
            }
            pos = 0;
            limit = r;
            return true;
        }

        /** @return the line's length without CRLF, or -1 at the end of the stream */
        private int readLine() throws IOException {
            int n = 0;
            while (true) {
                if (pos == limit && !fill()) {
                    return -1;
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                }
                if (n < line.length) {
                    line[n++] = b;
                }
            }
        }

        private void skip(long count) throws IOException {
            while (count > 0) {
                if (pos == limit && !fill()) {
                    throw new IOException("the request body ended early");
                }
                int k = (int) Math.min(count, limit - pos);
                pos += k;
                count -= k;
            }
        }

        private boolean startsWith(int n, byte[] prefix) {
            if (n < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((line[i] | 0x20) != prefix[i] && line[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private long parseDecimal(int from, int n) {
            long v = 0;
            for (int i = from; i < n; i++) {
                byte b = line[i];
                if (b >= '0' && b <= '9') {
                    v = v * 10 + (b - '0');
                }
            }
            return v;
        }

        private long parseChunkSize(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                int d = Character.digit(line[i], 16);
                if (d < 0) {
                    break;   // a chunk extension follows
                }
                v = v * 16 + d;
            }
            return v;
        }
    }
}

package io.wsgate.it.raw;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads HTTP/1.1 responses from a socket stream, the head byte by byte so nothing after it is consumed. */
final class HttpReader {

    private HttpReader() {}

    /** Reads the status line and headers, up to and including the empty line; the body is left unread. */
    static RawResponse readHead(InputStream in) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP status line: " + statusLine);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("malformed header line: " + line);
            headers.add(new AbstractMap.SimpleImmutableEntry<>(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        return new RawResponse(parts[0], Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, new byte[0]);
    }

    /** Reads the body that follows {@code head}: by Content-Length, chunked, or up to the end of the connection. */
    static RawResponse readBody(RawResponse head, InputStream in) throws IOException {
        if (head.status() == 101 || head.status() == 204 || head.status() == 304) return head;
        String contentLength = head.header("Content-Length");
        if (contentLength != null) return head.withBody(in.readNBytes(Integer.parseInt(contentLength.trim())));
        if (head.tokens("Transfer-Encoding").contains("chunked")) return head.withBody(readChunked(in));
        return head.withBody(in.readAllBytes());
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) { /* trailers */ }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed inside an HTTP head after: " + line.toString(StandardCharsets.ISO_8859_1));
            if (b == '\n') break;
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}

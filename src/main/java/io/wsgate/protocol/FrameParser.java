package io.wsgate.protocol;

import java.nio.ByteBuffer;

/**
 * A push parser for the frames of one direction (RFC 6455 section 5): client-to-server frames, which must be
 * masked, or, for wsgate's client, server-to-client frames, which must not be: a state machine that takes the byte stream in
 * pieces of any size, down to one byte, and reports frames to a {@link FrameHandler} without doing I/O.
 *
 * <p>Data payloads are unmasked in place in the caller's buffer and handed on piece by piece, so the parser
 * never buffers a data frame; only a control frame split across reads is collected, in at most 125 bytes.
 * Everything RFC 6455 says about frame structure is checked here and fails with a {@link ProtocolException}
 * (1002, or 1009 for {@link #maxFramePayload}); what concerns message content belongs to the handler.
 */
public final class FrameParser {

    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final FrameHandler handler;
    /** Whether the peer's frames must be masked (we are the server) or must not be (we are the client). */
    private final boolean maskedFrames;

    /** RSV bits (as in the first header byte, 0x70 mask) that a negotiated extension allows. */
    private int allowedRsv;
    private long maxFramePayload;

    // Header being collected: at most 2 + 8 (length) + 4 (mask key) bytes.
    private final byte[] header = new byte[14];
    private int headerFill;
    private int headerNeed = 2;

    // Frame being read.
    private int opcode;
    private boolean fin;
    private int frameRsv;
    private long payloadRemaining;
    private int maskKey;
    private int maskIndex;
    private boolean inPayload;
    private byte[] controlPayload;
    private int controlFill;

    /** Whether a fragmented data message is in progress (a continuation is expected next). */
    private boolean inMessage;
    private boolean failed;
    /** Set by {@link #stop} from inside a handler call: the running {@link #parse} returns when that call does. */
    private boolean stopRequested;

    /** A parser for client-to-server frames (masked). */
    public FrameParser(FrameHandler handler) {
        this(handler, Role.SERVER);
    }

    /** A parser for the frames an endpoint in {@code role} receives. */
    public FrameParser(FrameHandler handler, Role role) {
        this.handler = handler;
        this.maskedFrames = role.expectsMaskedIncoming();
    }

    public void allowedRsv(int rsvBits) {
        this.allowedRsv = rsvBits & 0x70;
    }

    /** RSV bits of the frame being read (0x40 for RSV1), for the handler's {@code onDataFrame}. */
    public int frameRsv() {
        return frameRsv;
    }

    /** Largest payload of one frame, 0 for no limit. */
    public void maxFramePayload(long bytes) {
        this.maxFramePayload = bytes;
    }

    /**
     * Consumes all of {@code in}'s remaining bytes, reporting complete frames and payload pieces to the handler.
     * After a {@link ProtocolException} the stream is unusable and further calls fail at once.
     */
    public void parse(ByteBuffer in) throws ProtocolException {
        if (failed) throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "parser already failed");
        stopRequested = false;
        try {
            while (in.hasRemaining() && !stopRequested) {
                if (inPayload) {
                    payload(in);
                } else {
                    header(in);
                }
            }
        } finally {
            stopRequested = false;
        }
    }

    /**
     * Called by the handler during a call from {@link #parse}: that parse returns as soon as the handler call
     * does, leaving the bytes it has not reached in the buffer (its position is past everything reported so far),
     * so the caller can hand them to a later {@code parse}. Lets a reader stop at once when it must push back.
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Whether the parser found a framing violation: it cannot tell where the next frame starts any more. A
     * {@link ProtocolException} thrown by the handler (a limit, invalid UTF-8) leaves the framing intact: parsing
     * may go on with the rest of the buffer, which is how a failing connection still finds the peer's close frame.
     */
    public boolean isFailed() {
        return failed;
    }

    private ProtocolException violation(int closeCode, String message) {
        failed = true;
        return new ProtocolException(closeCode, message);
    }

    private void header(ByteBuffer in) throws ProtocolException {
        int n = Math.min(headerNeed - headerFill, in.remaining());
        in.get(header, headerFill, n);
        headerFill += n;
        if (headerFill < headerNeed) return;
        if (headerNeed == 2) {
            headerNeed = checkFirstTwoBytes();
            if (headerFill < headerNeed) return;
        }
        startFrame();
    }

    /** Checks what the first two bytes alone can tell, before the rest of the header arrives; returns its size. */
    private int checkFirstTwoBytes() throws ProtocolException {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        int rsv = b0 & 0x70;
        if ((rsv & ~allowedRsv) != 0) {
            throw violation(CloseCodes.PROTOCOL_ERROR, "RSV bits set without a negotiated extension");
        }
        // The one extension wsgate negotiates, permessage-deflate, marks a message's first frame only (RFC 7692
        // section 6): RSV1 on a control frame or a continuation is an error.
        if (rsv != 0 && (Opcode.isControl(opcode) || opcode == Opcode.CONTINUATION)) {
            throw violation(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a " + (opcode == Opcode.CONTINUATION
                    ? "continuation frame" : "control frame") + " (permessage-deflate marks only a message's first frame)");
        }
        frameRsv = rsv;
        if (!Opcode.isDefined(opcode)) {
            throw violation(CloseCodes.PROTOCOL_ERROR, "reserved opcode " + Opcode.name(opcode));
        }
        if (((b1 & 0x80) != 0) != maskedFrames) {
            throw violation(CloseCodes.PROTOCOL_ERROR, maskedFrames ? "client frame is not masked" : "server frame is masked");
        }
        int length7 = b1 & 0x7F;
        if (Opcode.isControl(opcode)) {
            if (!fin) throw violation(CloseCodes.PROTOCOL_ERROR, "fragmented control frame");
            if (length7 > MAX_CONTROL_PAYLOAD) {
                throw violation(CloseCodes.PROTOCOL_ERROR, "control frame payload longer than 125 bytes");
            }
        } else if (opcode == Opcode.CONTINUATION) {
            if (!inMessage) throw violation(CloseCodes.PROTOCOL_ERROR, "continuation frame with no message started");
        } else if (inMessage) {
            throw violation(CloseCodes.PROTOCOL_ERROR, "new data frame inside a fragmented message");
        }
        int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + lengthBytes + (maskedFrames ? 4 : 0);
    }

    private void startFrame() throws ProtocolException {
        int length7 = header[1] & 0x7F;
        int p = 2;
        long length;
        if (length7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            p = 4;
        } else if (length7 == 127) {
            length = ByteArrays.getLong(header, 2);
            if (length < 0) throw violation(CloseCodes.PROTOCOL_ERROR, "64-bit payload length has its top bit set");
            p = 10;
        } else {
            length = length7;
        }
        if (maskedFrames) {
            maskKey = ((header[p] & 0xFF) << 24) | ((header[p + 1] & 0xFF) << 16) | ((header[p + 2] & 0xFF) << 8) | (header[p + 3] & 0xFF);
        }
        maskIndex = 0;
        payloadRemaining = length;
        headerFill = 0;
        headerNeed = 2;
        inPayload = true;
        if (maxFramePayload > 0 && length > maxFramePayload) {
            // Framing is intact: the payload that follows is read as usual (and dropped by the failing connection).
            // A control frame (possible with a limit under 125) leaves a fragmented message in progress as it was.
            if (!Opcode.isControl(opcode)) inMessage = !fin;
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "frame payload of " + length + " bytes exceeds the limit of " + maxFramePayload);
        }
        if (Opcode.isControl(opcode)) {
            controlFill = 0;
            if (length == 0) endControlFrame(ByteBuffer.allocate(0));
        } else {
            inMessage = !fin;
            handler.onDataFrame(opcode, fin, length);
            if (length == 0) {
                inPayload = false;
                handler.onDataPayload(ByteBuffer.allocate(0), true);
            }
        }
    }

    private void payload(ByteBuffer in) throws ProtocolException {
        int n = (int) Math.min(payloadRemaining, in.remaining());
        int start = in.position();
        ByteBuffer piece = in.slice(start, n);
        if (maskedFrames) maskIndex = Masking.apply(piece, maskKey, maskIndex);
        in.position(start + n);
        payloadRemaining -= n;
        boolean end = payloadRemaining == 0;
        if (Opcode.isControl(opcode)) {
            controlPiece(piece, end);
        } else {
            if (end) inPayload = false;
            handler.onDataPayload(piece, end);
        }
    }

    /** Collects a control frame's payload only when it is split across reads; otherwise hands out the slice. */
    private void controlPiece(ByteBuffer piece, boolean end) throws ProtocolException {
        if (end && controlFill == 0) {
            endControlFrame(piece);
            return;
        }
        if (controlPayload == null) controlPayload = new byte[MAX_CONTROL_PAYLOAD];
        int n = piece.remaining();
        piece.get(controlPayload, controlFill, n);
        controlFill += n;
        if (end) endControlFrame(ByteBuffer.wrap(controlPayload, 0, controlFill));
    }

    private void endControlFrame(ByteBuffer payload) throws ProtocolException {
        inPayload = false;
        controlFill = 0;
        handler.onControlFrame(opcode, payload);
    }
}

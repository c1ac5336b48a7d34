/**
 * Encoders, decoders and the Java types they convert: which {@code Encoder}/{@code Decoder} interface a class
 * implements and for what type ({@link io.wsgate.jakarta.coder.CoderSpec}), the per-session sets of coder instances
 * ({@link io.wsgate.jakarta.coder.DecoderSet}, {@link io.wsgate.jakarta.coder.EncoderSet}), generic type arguments,
 * primitive conversions, and the three native message types.
 * <p>
 * Depends only on the Jakarta WebSocket API: the bottom of the layer, used by deployment, sessions and sends.
 * <p>
 * wsgate-internal, not API: public only so the sibling packages can use it; it may change without notice.
 */
package io.wsgate.jakarta.coder;

/**
 * What encoders and decoders convert: which {@code Encoder}/{@code Decoder} interface a configured class implements
 * and for what Java type ({@link io.wsgate.jakarta.coder.CoderSpec}), the type argument a class gives a generic
 * interface, the conversions of primitives the specification asks for, and the three native message types.
 * <p>
 * Depends only on the Jakarta WebSocket API: the bottom of the layer, used by deployment (to validate) and by
 * sessions (whose {@code DecoderSet} and {@code EncoderSet} hold the coder instances).
 * <p>
 * wsgate-internal, not API: public only so the sibling packages can use it; it may change without notice.
 */
package io.wsgate.jakarta.coder;

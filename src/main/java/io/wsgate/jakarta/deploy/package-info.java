/**
 * Analysing and deploying endpoints: the shape of an annotated endpoint class and its methods, the configuration
 * an {@code @ServerEndpoint} describes, validation into a {@link io.wsgate.jakarta.deploy.DeployedEndpoint}, URI
 * templates and the matching of request paths, and the callbacks (annotated or programmatic) that an open session
 * calls on an endpoint instance.
 * <p>
 * Depends on {@code io.wsgate.jakarta.session} (the session the callbacks receive) and
 * {@code io.wsgate.jakarta.coder}; from {@code io.wsgate.jakarta} only the public
 * {@link io.wsgate.jakarta.WsgateDefaultConfigurator}, the default when an endpoint names none.
 * <p>
 * wsgate-internal, not API: public only so the sibling packages can use it; it may change without notice.
 */
package io.wsgate.jakarta.deploy;

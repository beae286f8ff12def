package org.mediachange.daemon.web.auth;

import java.util.Optional;

/**
 * What let a request in (a session, or HTTP Basic credentials), asked again
 * while a long request runs: a live stream ends as soon as its access does.
 */
public interface Access {

    /** The operator's name. */
    String operator();

    /**
     * Empty while the access still holds; else why it no longer does, for the
     * page ("you logged out", "the session expired", ...).
     */
    Optional<String> ended();
}

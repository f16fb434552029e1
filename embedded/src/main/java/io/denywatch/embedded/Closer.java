package io.denywatch.embedded;

import org.slf4j.Logger;

/** Closes several resources in order, so that one that fails to close does not leave the rest running. */
final class Closer {

    private Closer() {
    }

    static void closeAll(Logger log, AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Could not close {}", resource, e);
            }
        }
    }
}

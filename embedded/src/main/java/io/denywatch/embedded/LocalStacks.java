package io.denywatch.embedded;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and starts a {@link LocalStack}: in-process, in Docker containers, or whichever this machine supports.
 *
 * <p>{@link ContainerStack} is reached by reflection only, so choosing the embedded stack works without
 * Testcontainers on the classpath; it is an optional dependency that applications do not carry.
 */
public final class LocalStacks {

    /** System property choosing the stack: {@code embedded}, {@code testcontainers} or {@code auto}. */
    public static final String PROPERTY = "denywatch.stack";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStacks.class);
    private static final String CONTAINER_STACK = "io.denywatch.embedded.ContainerStack";
    private static final String TESTCONTAINERS_PROBE = "org.testcontainers.DockerClientFactory";

    /** Which stack to run. */
    public enum Mode {
        /** {@link EmbeddedStack}, in this JVM. */
        EMBEDDED,
        /** {@link ContainerStack}; fails if Testcontainers or Docker is missing. */
        TESTCONTAINERS,
        /** Containers if Testcontainers is on the classpath and finds a Docker engine, else embedded. */
        AUTO;

        /** Parses {@code embedded}, {@code testcontainers} or {@code auto}, ignoring case and surrounding blanks. */
        public static Mode parse(String value) {
            String normalized = value.strip().toUpperCase(Locale.ROOT);
            for (Mode mode : values()) {
                if (mode.name().equals(normalized)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException(PROPERTY + " must be one of "
                    + Arrays.stream(values()).map(mode -> mode.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))
                    + ", was '" + value + "'");
        }
    }

    private LocalStacks() {
    }

    /** Starts the stack named by the {@value #PROPERTY} system property, {@code auto} if it is unset. */
    public static LocalStack start() {
        return start(configuredMode());
    }

    /** The mode the {@value #PROPERTY} system property asks for. */
    public static Mode configuredMode() {
        return Mode.parse(System.getProperty(PROPERTY, "auto"));
    }

    /** Starts the stack for {@code mode}. */
    public static LocalStack start(Mode mode) {
        return switch (mode) {
            case EMBEDDED -> EmbeddedStack.start();
            case TESTCONTAINERS -> startContainers();
            case AUTO -> dockerUsable() ? startContainers() : EmbeddedStack.start();
        };
    }

    private static boolean dockerUsable() {
        if (!testcontainersPresent()) {
            LOG.info("Testcontainers is not on the classpath; using the embedded stack");
            return false;
        }
        boolean available = (Boolean) invokeContainerStack("dockerAvailable");
        if (!available) {
            LOG.info("No Docker engine found; using the embedded stack");
        }
        return available;
    }

    private static LocalStack startContainers() {
        if (!testcontainersPresent()) {
            throw new IllegalStateException(PROPERTY + "=testcontainers needs org.testcontainers:testcontainers-kafka"
                    + " and testcontainers-localstack on the classpath");
        }
        return (LocalStack) invokeContainerStack("start");
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName(TESTCONTAINERS_PROBE, false, LocalStacks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Object invokeContainerStack(String method) {
        try {
            return Class.forName(CONTAINER_STACK).getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("ContainerStack." + method + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ContainerStack." + method + " is not callable", e);
        }
    }
}

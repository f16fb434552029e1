package io.denywatch.reliability;

import io.denywatch.embedded.EmbeddedStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The fault tests' shared set-up: declare a {@link Rig} parameter on a test (or {@code @AfterEach}) method of a class
 * annotated {@code @ExtendWith(RigExtension.class)}.
 *
 * <p>Each test class gets an embedded stack of its own, started when its first test asks and stopped after its last,
 * so the faults one class injects (a broker stopped, S3 failing) never reach another. Each test gets a fresh rig on
 * that stack, in a temporary folder removed after the test.
 */
final class RigExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(RigExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Rig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedStack stack = classContext(extensionContext).getStore(NAMESPACE)
                .getOrComputeIfAbsent(ClassStack.class, key -> new ClassStack(EmbeddedStack.start()), ClassStack.class)
                .stack();
        // One rig a test, whichever of its methods asks first.
        return extensionContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestRig.class, key -> new TestRig(new Rig(stack, temporaryFolder())),
                        TestRig.class)
                .rig();
    }

    /** The test class's own context, whose store is closed after its last test. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext at = context;
        while (at.getTestMethod().isPresent()) {
            at = at.getParent().orElseThrow();
        }
        return at;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("denywatch-reliability");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stack as a store value JUnit closes. JUnit 5.13 and later close stored {@link AutoCloseable}s; older
     * versions close {@code CloseableResource}s. Implementing both covers either, and JUnit closes a value once.
     */
    @SuppressWarnings("deprecation")
    private record ClassStack(EmbeddedStack stack) implements AutoCloseable,
            ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            stack.close();
        }
    }

    /** A test's rig, whose folder goes when the test ends. */
    @SuppressWarnings("deprecation")
    private record TestRig(Rig rig) implements AutoCloseable, ExtensionContext.Store.CloseableResource {

        @Override
        public void close() throws IOException {
            try (Stream<Path> paths = Files.walk(rig.dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}

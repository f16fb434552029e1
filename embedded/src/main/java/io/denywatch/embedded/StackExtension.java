package io.denywatch.embedded;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link LocalStack}: declare a {@code LocalStack} constructor, test or lifecycle-method
 * parameter in a class annotated {@code @ExtendWith(StackExtension.class)}.
 *
 * <p>One stack serves every test class in the JVM. It starts when a test first asks for it and stops when the
 * JUnit run ends, because it is kept in the root context's store. Which stack runs is chosen by the
 * {@value LocalStacks#PROPERTY} system property (see {@link LocalStacks}). Tests that need the levers only the
 * embedded stack has should assume {@code stack instanceof EmbeddedStack}.
 */
public final class StackExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(StackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        // The root store outlives every test class and is closed once, after the last one; its lookup is atomic,
        // so test classes running in parallel still share one stack.
        return extensionContext.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, key -> new SharedStack(LocalStacks.start()),
                        SharedStack.class)
                .stack();
    }

    /**
     * The stack as a store value JUnit closes. JUnit 5.13 and later close stored {@link AutoCloseable}s; older
     * versions, and runs that turn that off, close {@code CloseableResource}s. Implementing both covers either, and
     * JUnit closes a value once.
     */
    @SuppressWarnings("deprecation")
    private record SharedStack(LocalStack stack) implements AutoCloseable, ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            stack.close();
        }
    }
}

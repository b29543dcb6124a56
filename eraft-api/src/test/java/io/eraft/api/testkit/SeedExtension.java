package io.eraft.api.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each test a {@link TestSeed} parameter and puts that seed into the message of any failure of the test, so
 * every failure can be replayed.
 */
public final class SeedExtension implements ParameterResolver, TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SeedExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestSeed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return seedOf(context);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        TestSeed seed = seedOf(context);
        String message = String.valueOf(failure.getMessage());
        if (message.contains("seed=" + seed.value())) {
            throw failure;
        }
        AssertionError withSeed = new AssertionError("[" + seed.replayHint() + "] " + failure, failure);
        throw withSeed;
    }

    private static TestSeed seedOf(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("seed", k -> TestSeed.resolve(), TestSeed.class);
    }
}

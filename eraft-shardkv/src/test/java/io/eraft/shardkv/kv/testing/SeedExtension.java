package io.eraft.shardkv.kv.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/** Gives each test a {@link TestSeed} parameter and names that seed in any failure of the test. */
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
        if (String.valueOf(failure.getMessage()).contains("seed=" + seed.value())) {
            throw failure;
        }
        throw new AssertionError("[" + seed.replayHint() + "] " + failure, failure);
    }

    private static TestSeed seedOf(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("seed", k -> TestSeed.resolve(), TestSeed.class);
    }
}

// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the name is the jar's Automatic-Module-Name.
// The OpenTelemetry Java agent is looked for at run time; without it the library uses no exemplars.
module io.prometheus.metrics.tracer.otel_agent {
    requires transitive io.prometheus.metrics.tracer.common;

    exports io.prometheus.metrics.tracer.agent;
}

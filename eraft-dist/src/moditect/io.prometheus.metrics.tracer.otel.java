// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the name is the jar's Automatic-Module-Name.
// OpenTelemetry is looked for at run time (exemplars from the current span); without it the library uses none.
module io.prometheus.metrics.tracer.otel {
    requires transitive io.prometheus.metrics.tracer.common;

    exports io.prometheus.metrics.tracer.otel;
}

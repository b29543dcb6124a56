// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the name is the jar's Automatic-Module-Name.
module io.prometheus.metrics.tracer.common {
    exports io.prometheus.metrics.tracer.common;
}

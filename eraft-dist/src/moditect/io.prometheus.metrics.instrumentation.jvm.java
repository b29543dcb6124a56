// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the name is the jar's Automatic-Module-Name.
module io.prometheus.metrics.instrumentation.jvm {
    requires io.prometheus.metrics.core;
    requires java.management;
    requires jdk.management;
    requires transitive io.prometheus.metrics.config;
    requires transitive io.prometheus.metrics.model;

    exports io.prometheus.metrics.instrumentation.jvm;
}

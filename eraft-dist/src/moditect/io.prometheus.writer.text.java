// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the name is the jar's Automatic-Module-Name.
// The Prometheus text and OpenMetrics writers (the protobuf writer is in another artifact, which eRaft does not use).
module io.prometheus.writer.text {
    requires transitive io.prometheus.metrics.config;
    requires transitive io.prometheus.metrics.model;

    exports io.prometheus.metrics.expositionformats;
}

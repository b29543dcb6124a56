/**
 * The metrics facade the core modules record through ({@link io.eraft.api.metrics.Metrics}); the Prometheus
 * registry behind it lives in eraft-dist.
 */
package io.eraft.api.metrics;

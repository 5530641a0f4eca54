import CoreMetrics
import Prometheus
import Synchronization

/// Prometheus metrics: Hummingbird's request metrics plus Paperboy's own, all served at
/// /metrics. The metrics system of a process can be bootstrapped once, so the registry is
/// process-wide.
enum Metrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static var votes: CoreMetrics.Counter { _ = registry; return Counter(label: "paperboy_votes_total") }

    static func bootstrap() { _ = registry }
}

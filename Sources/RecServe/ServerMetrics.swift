import Foundation
import Prometheus

/// The server's Prometheus metrics (`GET /metrics`, text exposition format): requests by endpoint and
/// status, request latency per endpoint, events folded in, users known.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let eventsFolded: Counter
    private let users: Gauge
    /// Latency buckets from 100 µs to 1 s: full ranking of a catalogue takes well under a millisecond.
    private static let buckets: [Duration] = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                                             .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                             .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)]

    init() {
        eventsFolded = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "reclab", metricName: "events_folded", unitName: "total",
                                                                             helpText: "Events folded into the served state"))
        users = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "reclab", metricName: "users", unitName: "count",
                                                                    helpText: "Users the server knows"))
    }

    /// Counts one request to `endpoint` that took `duration` and answered `status`.
    func request(_ endpoint: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "reclab", metricName: "http_requests", unitName: "total",
                                                              helpText: "HTTP requests by endpoint and status"),
                             labels: [("endpoint", endpoint), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "reclab", metricName: "http_request_duration", unitName: "seconds",
                                                                        helpText: "Time to answer a request, by endpoint"),
                                       labels: [("endpoint", endpoint)], buckets: Self.buckets).record(duration)
    }

    /// Counts `count` events folded in and sets the number of users.
    func folded(_ count: Int, users total: Int) {
        if count > 0 { eventsFolded.increment(by: Int64(count)) }
        users.set(to: Double(total))
    }

    /// Sets the number of users.
    func users(_ total: Int) { users.set(to: Double(total)) }

    /// The exposition text.
    func text() -> String { registry.emitToString() }
}

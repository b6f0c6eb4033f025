extension Duration {
    /// The duration in seconds, as a `Double` (for logs, metrics and rates).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension ContinuousClock.Instant {
    /// Seconds from this instant until now.
    public var secondsSince: Double {
        (ContinuousClock.now - self).inSeconds
    }
}

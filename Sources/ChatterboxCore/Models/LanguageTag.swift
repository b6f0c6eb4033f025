/// A language tag as voices, SSML, lexicons and Home Assistant write it (`en-us`, `en_US`, `EN`), compared
/// without regard to case or separator.
public struct LanguageTag: Hashable, Sendable, CustomStringConvertible {
    /// Lowercase, `-` between parts: `en-us`.
    public let normalized: String

    /// Reads `tag`; `_` and `-` are the same separator.
    public init(_ tag: some StringProtocol) {
        normalized = tag.replacingOccurrences(of: "_", with: "-").lowercased()
    }

    /// The primary language: `en` of `en-us`.
    public var family: String { String(normalized.prefix { $0 != "-" }) }

    /// As Piper and Home Assistant write it: `en_US`, or `en` alone.
    public var underscored: String {
        let parts = normalized.split(separator: "-", maxSplits: 1)
        guard let first = parts.first else { return "" }
        return parts.count == 2 ? "\(first)_\(parts[1].uppercased())" : String(first)
    }

    /// Whether this tag is `other` or one of its regions (`en-us` is within `en`, and within `en-us`).
    public func isWithin(_ other: LanguageTag) -> Bool {
        normalized == other.normalized || normalized.hasPrefix(other.normalized + "-")
    }

    public var description: String { normalized }
}

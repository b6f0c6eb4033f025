import Foundation

/// An address range such as `192.168.1.0/24`, `10.0.0.7` or `fd00::/8`, for allow-lists of clients.
public struct CIDRRange: Sendable, Equatable {
    /// Network-order bytes of the base address (4 or 16).
    let bytes: [UInt8]
    let prefix: Int

    /// Parses `ADDRESS[/PREFIX]`; `nil` when it is not one.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = Self.addressBytes(first) else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let prefix, (0...(bytes.count * 8)).contains(prefix) else { return nil }
        self.bytes = bytes
        self.prefix = prefix
    }

    /// Whether `address` (dotted IPv4 or IPv6 text; IPv4-mapped IPv6 counts as IPv4) is inside.
    public func contains(_ address: String) -> Bool {
        guard var other = Self.addressBytes(address) else { return false }
        if bytes.count == 4, other.count == 16, other[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] { other = Array(other[12...]) }
        guard other.count == bytes.count else { return false }
        var remaining = prefix
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if bytes[index] & mask != other[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

import Foundation

/// A `multipart/form-data` body split into parts as its bytes arrive, without holding a part whole: each
/// part's headers, then its data in pieces, then its end. The boundary is found with `memchr` and `memcmp`, so a large
/// upload costs about a copy of its bytes (MultipartKit's byte-at-a-time parser took 40 s for a 63 MB voice
/// in a debug build). At most the boundary's length is kept back between pieces, and the bytes kept are moved
/// once per piece, not once per part: a body of many tiny parts stays linear (it had taken 7 s for 2 MB).
public struct MultipartStream: Sendable {
    public enum Event: Sendable, Equatable {
        case part(headers: [String: String])
        case data([UInt8])
        case partEnd
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    private enum State { case preamble, headers, body, done }

    private let delimiter: [UInt8]  // "\r\n--boundary"
    private var pending: [UInt8] = []
    /// Where the unread bytes of `pending` begin.
    private var head = 0
    private var state = State.preamble
    public static let maxHeaderBytes = 16 * 1024
    private static let headerEnd = Array("\r\n\r\n".utf8)

    public init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        pending = Array("\r\n".utf8)  // the first boundary has no line break before it
    }

    public var isFinished: Bool { state == .done }

    /// Feeds the next bytes; returns what they complete.
    public mutating func feed(_ bytes: [UInt8]) throws -> [Event] {
        guard state != .done else { return [] }
        pending += bytes
        var events: [Event] = []
        defer {
            pending.removeFirst(min(head, pending.count))
            head = 0
        }
        while try step(into: &events) {}
        return events
    }

    /// Reads what the unread bytes complete in the current state; false when they complete nothing more.
    private mutating func step(into events: inout [Event]) throws -> Bool {
        switch state {
        case .preamble:
            guard let at = find(delimiter) else {
                head = max(head, pending.count - delimiter.count)
                return false
            }
            return enter(afterDelimiterAt: at)
        case .headers:
            // Over the limit whether or not their end has arrived (the end's own bytes may have, in part).
            let end = find(Self.headerEnd)
            if (end ?? pending.count - Self.headerEnd.count + 1) - head > Self.maxHeaderBytes {
                throw Malformed(description: "a part's headers are over 16 KB")
            }
            guard let end else { return false }
            events.append(.part(headers: Self.headers(pending[head..<end])))
            head = end + Self.headerEnd.count
            state = .body
            return true
        case .body:
            guard let at = find(delimiter) else {
                let safe = pending.count - delimiter.count
                if safe > head {
                    events.append(.data(Array(pending[head..<safe])))
                    head = safe
                }
                return false
            }
            if at > head { events.append(.data(Array(pending[head..<at]))) }
            head = at
            guard enter(afterDelimiterAt: at) else { return false }
            events.append(.partEnd)
            return true
        case .done:
            return false
        }
    }

    /// At a delimiter at `at`: `--` ends the body, a line break starts the next part's headers; false while
    /// the two bytes after it have not arrived.
    private mutating func enter(afterDelimiterAt at: Int) -> Bool {
        let after = at + delimiter.count
        guard pending.count >= after + 2 else { return false }
        state = pending[after] == UInt8(ascii: "-") && pending[after + 1] == UInt8(ascii: "-") ? .done : .headers
        head = state == .done ? pending.count : after + 2
        return true
    }

    /// Where `needle` first occurs in the unread bytes: `memchr` to each candidate first byte, `memcmp` for the rest.
    private func find(_ needle: [UInt8]) -> Int? {
        guard pending.count - head >= needle.count else { return nil }
        return pending.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { wanted in
                let base = haystack.baseAddress!, last = haystack.count - wanted.count
                var position = head
                while position <= last {
                    guard let hit = memchr(base + position, Int32(wanted[0]), last - position + 1) else { return nil }
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, wanted.baseAddress!, wanted.count) == 0 { return offset }
                    position = offset + 1
                }
                return nil
            }
        }
    }

    private static func headers(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }
}

import Foundation

/// A `multipart/form-data` body split into parts as its bytes arrive, without holding a part whole: each
/// part's headers, then its data in pieces, then its end. The boundary is found with `memchr` and `memcmp`, so a large
/// upload costs about a copy of its bytes (MultipartKit's byte-at-a-time parser took 40 s for a 63 MB voice
/// in a debug build). At most the boundary's length is kept back between pieces.
struct MultipartStream {
    enum Event {
        case part(headers: [String: String])
        case data([UInt8])
        case partEnd
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    private enum State { case preamble, headers, body, done }

    private let delimiter: [UInt8]  // "\r\n--boundary"
    private var pending: [UInt8] = []
    private var state = State.preamble
    static let maxHeaderBytes = 16 * 1024

    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        pending = Array("\r\n".utf8)  // the first boundary has no line break before it
    }

    var isFinished: Bool { state == .done }

    /// Feeds the next bytes; returns what they complete.
    mutating func feed(_ bytes: [UInt8]) throws -> [Event] {
        guard state != .done else { return [] }
        pending += bytes
        var events: [Event] = []
        var progress = true
        while progress {
            progress = false
            switch state {
            case .preamble:
                guard let at = find(delimiter, from: 0) else {
                    pending.removeFirst(max(0, pending.count - delimiter.count))
                    break
                }
                guard let next = afterDelimiter(at) else { break }
                state = next
                progress = true
            case .headers:
                guard let end = find(Array("\r\n\r\n".utf8), from: 0) else {
                    if pending.count > Self.maxHeaderBytes { throw Malformed(description: "a part's headers are over 16 KB") }
                    break
                }
                events.append(.part(headers: Self.headers(pending[0..<end])))
                pending.removeFirst(end + 4)
                state = .body
                progress = true
            case .body:
                if let at = find(delimiter, from: 0) {
                    if at > 0 { events.append(.data(Array(pending[0..<at]))) }
                    pending.removeFirst(at)
                    guard let next = afterDelimiter(0) else { break }
                    events.append(.partEnd)
                    state = next
                    progress = true
                } else if pending.count > delimiter.count {
                    let safe = pending.count - delimiter.count
                    events.append(.data(Array(pending[0..<safe])))
                    pending.removeFirst(safe)
                }
            case .done:
                break
            }
        }
        return events
    }

    /// At a delimiter at `at`: `--` ends the body, a line break starts the next part's headers; nil while
    /// the two bytes after it have not arrived.
    private mutating func afterDelimiter(_ at: Int) -> State? {
        let after = at + delimiter.count
        guard pending.count >= after + 2 else { return nil }
        let state: State = pending[after] == UInt8(ascii: "-") && pending[after + 1] == UInt8(ascii: "-") ? .done : .headers
        pending.removeFirst(state == .done ? pending.count : after + 2)
        return state
    }

    /// Where `needle` first occurs in `pending` from `start`: `memchr` to each candidate first byte, `memcmp` for the rest.
    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard pending.count - start >= needle.count else { return nil }
        return pending.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { wanted in
                let base = haystack.baseAddress!, last = haystack.count - wanted.count
                var position = start
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

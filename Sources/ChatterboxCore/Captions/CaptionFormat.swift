import Foundation

/// A file of timed words: JSON (every word), or SRT / WebVTT subtitles (words grouped into cues).
public enum CaptionFormat: String, Sendable, CaseIterable {
    case json, srt, vtt

    /// The format a file name's extension asks for (`.json`, `.srt`, `.vtt`).
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }

    /// The media type served for it.
    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .srt: "application/x-subrip; charset=utf-8"
        case .vtt: "text/vtt; charset=utf-8"
        }
    }

    /// The file's text.
    public func render(_ words: [WordTiming]) -> String {
        switch self {
        case .json:
            let rows = words.map { "{\"word\":\(Self.quoted($0.word)),\"start\":\(Self.seconds($0.start)),\"end\":\(Self.seconds($0.end))}" }
            return "{\"words\":[" + rows.joined(separator: ",") + "]}\n"
        case .srt:
            return CaptionCue.cues(of: words).enumerated().map { index, cue in
                "\(index + 1)\n\(Self.clock(cue.start, decimal: ",")) --> \(Self.clock(cue.end, decimal: ","))\n\(cue.text)\n"
            }.joined(separator: "\n")
        case .vtt:
            let cues = CaptionCue.cues(of: words).map { cue in
                "\(Self.clock(cue.start, decimal: ".")) --> \(Self.clock(cue.end, decimal: "."))\n\(cue.text)\n"
            }
            return (["WEBVTT\n"] + cues).joined(separator: "\n")
        }
    }

    /// Seconds with millisecond precision, as JSON writes them.
    public static func seconds(_ value: Double) -> String {
        String(format: "%.3f", max(0, value))
    }

    /// `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (WebVTT).
    static func clock(_ value: Double, decimal: String) -> String {
        let milliseconds = Int((max(0, value) * 1000).rounded())
        let (hours, rest) = milliseconds.quotientAndRemainder(dividingBy: 3_600_000)
        let (minutes, rest2) = rest.quotientAndRemainder(dividingBy: 60_000)
        let (secs, millis) = rest2.quotientAndRemainder(dividingBy: 1000)
        return String(format: "%02d:%02d:%02d%@%03d", hours, minutes, secs, decimal, millis)
    }

    public static func quoted(_ text: String) -> String {
        let data = try? JSONEncoder().encode(text)
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

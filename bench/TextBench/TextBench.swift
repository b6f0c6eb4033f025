import ChatterboxCore
import Foundation

/// Times the text path (validate -> normalise -> chunk) on hostile and ordinary texts at growing
/// sizes, to show that every step is linear: ten times the text should take about ten times as long.
/// Prints one line per shape and size, then a JSON summary.
///
/// usage: text-bench [--sizes 1000,10000,100000] [--check MAX_RATIO] [--repeats N]
///   --check: exit 1 when the time of a size over the time of the size before it, divided by their
///   length ratio, exceeds MAX_RATIO for any shape (1 = perfectly linear; quadratic work gives ~10).
@main
struct TextBench {
    /// Texts built from a repeated unit: what the normaliser's patterns could backtrack on.
    static let shapes: [(name: String, unit: String)] = [
        ("prose", "The quick brown fox, who was 3 years old, paid $4.50 on 12/05/2024 at 10:30 for 2 kg of apples. "),
        ("digits", "1"), ("digit-commas", "1,"), ("digit-dots", "1."), ("digit-dashes", "1-"), ("digit-slashes", "1/"),
        ("digit-colons", "1:"), ("currency", "$1"), ("ordinals", "1st"), ("percent", "1%"), ("spaces", " "),
        ("newlines", "\n"), ("dotted-letters", "a."), ("letters", "a"), ("capitals", "A"), ("slashes", "a/"),
        ("url-ish", "www."), ("at-signs", "a@"), ("abbreviations", "Dr. "), ("st", "St. "), ("hash-numbers", "#1"),
        ("years", "in 1999 "), ("units", "5 km "), ("times", "10:30 "), ("dates", "2024-01-01 "), ("mixed", "1a.-/:$%"),
    ]

    static func main() {
        var sizes = [1_000, 10_000, 100_000]
        var check: Double?
        var repeats = 3
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--sizes": sizes = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--check": check = arguments.next().flatMap(Double.init)
            case "--repeats": repeats = arguments.next().flatMap(Int.init) ?? repeats
            default:
                FileHandle.standardError.write(Data("usage: text-bench [--sizes A,B,C] [--check MAX_RATIO] [--repeats N]\n".utf8))
                exit(2)
            }
        }
        let normalizer = TextNormalizer()
        let validator = TextValidator(maxLength: sizes.max() ?? 100_000)
        let chunker = SentenceChunker(maxCharacters: 400)
        var worst = (shape: "", ratio: 0.0)
        var results: [String: [String: Double]] = [:]
        for shape in shapes {
            var previous: (size: Int, seconds: Double)?
            for size in sizes {
                let text = String(String(repeating: shape.unit, count: size / shape.unit.count + 1).prefix(size))
                var best = Double.infinity
                for _ in 0..<repeats {
                    let start = ContinuousClock.now
                    let valid = (try? validator.validate(text)) ?? text
                    _ = chunker.chunks(normalizer.normalize(valid))
                    best = min(best, (ContinuousClock.now - start).inSeconds)
                }
                results[shape.name, default: [:]][String(size)] = best
                var line = "\(shape.name.padding(toLength: 15, withPad: " ", startingAt: 0)) \(String(size).padding(toLength: 7, withPad: " ", startingAt: 0)) \(String(format: "%9.4f", best)) s"
                if let previous, previous.seconds > 0.0005 {
                    let ratio = (best / previous.seconds) / (Double(size) / Double(previous.size))
                    line += String(format: "   x%.1f per x%d", best / previous.seconds, size / previous.size)
                    if ratio > worst.ratio { worst = (shape.name, ratio) }
                }
                print(line)
                previous = (size, best)
            }
        }
        let json = try! JSONSerialization.data(withJSONObject: ["seconds": results, "worst_shape": worst.shape, "worst_ratio": worst.ratio], options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
        if let check, worst.ratio > check {
            print("not linear: \(worst.shape) grew \(String(format: "%.1f", worst.ratio)) times faster than its length (limit \(check))")
            exit(1)
        }
    }
}

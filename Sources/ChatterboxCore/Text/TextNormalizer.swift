/// Rewrites English text into words a speech engine reads correctly: numbers, ordinals,
/// currency, percentages, abbreviations, times, dates, symbols, URLs and e-mail addresses.
///
/// The passes run in a fixed order (addresses before numbers, currency before plain numbers,
/// and so on) so that each sees text the earlier ones have already made unambiguous.
public struct TextNormalizer: Sendable {
    /// Creates a normaliser.
    public init() {}

    /// Normalises `text` spoken in `language` (`nil`: not known, read as English). Paragraph breaks (blank lines) are
    /// kept; other runs of whitespace become one space.
    ///
    /// The word rules (numbers, dates, times, currency, abbreviations, symbols) are English: for any other language
    /// none of them runs and the text goes to the engine as written, as piper-tts sends it to espeak-ng, which reads
    /// numbers and dates by its own rules for that language. The safety passes (Unicode cleanup, long-token cuts,
    /// espeak-ng's crash triggers) run for every language.
    public func normalize(_ text: String, language: LanguageTag? = nil) -> String {
        guard language.map({ $0.family == "en" || $0.family.isEmpty }) ?? true else {
            return limitHazards(collapseWhitespace(splitLongTokens(cleanUnicode(text))))
        }
        var text = splitLongTokens(cleanUnicode(text))
        // Each regex pass costs tens of microseconds even on four characters, so passes whose
        // trigger cannot occur are skipped: a short sentence is normalised in microseconds.
        let hasDigit = text.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if text.utf8.contains(UInt8(ascii: "@")) || text.utf8.contains(UInt8(ascii: ".")) || text.contains("://") { text = expandWebAddresses(text) }
        if hasDigit {
            text = expandTimes(text)
            text = expandDates(text)
            text = expandCurrency(text)
            text = expandPercentages(text)
            text = expandOrdinals(text)
        }
        text = expandAbbreviations(text, hasDigit: hasDigit)
        if hasDigit {
            text = expandYears(text)
            text = expandUnits(text)
            text = expandNumbers(text)
        }
        text = expandSymbols(text)
        // Hazards last: tightening punctuation (` .` -> `.`) would otherwise join a dotted run the pass had broken.
        return limitHazards(collapseWhitespace(text))
    }

    /// Typographic characters to their plain forms; control characters out.
    func cleanUnicode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{201B}", "\u{2032}": result.append("'")
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{2033}": result.append("\"")
            case "\u{2013}", "\u{2014}", "\u{2015}": result.append(" - ")
            case "\u{2026}": result.append("...")
            case "\u{00A0}", "\u{2009}", "\u{202F}", "\t": result.append(" ")
            case "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Symbols spoken as words.
    func expandSymbols(_ text: String) -> String {
        var text = text
        if text.utf8.contains(UInt8(ascii: "/")) {
            text = text.replacing(Self.andOr) { _ in "and or" }
            text = text.replacing(Self.slashBetweenWords) { "\($0.1) or \($0.2)" }
        }
        let words: [(String, String)] = [
            ("&", " and "), ("+", " plus "), ("=", " equals "), ("@", " at "), ("%", " percent "),
            ("°", " degrees "), ("×", " times "), ("÷", " divided by "), ("~", " about "),
            ("<", " less than "), (">", " greater than "), ("|", ", "), ("*", " "), ("_", " "),
            ("^", " "), ("\\", " "), ("{", " "), ("}", " "), ("[", " "), ("]", " "),
        ]
        for (symbol, word) in words { text = text.replacingOccurrences(of: symbol, with: word) }
        return text
    }

    /// Single spaces inside paragraphs, one blank line between paragraphs, no space before
    /// punctuation.
    func collapseWhitespace(_ text: String) -> String {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let paragraphs: [Substring] = text.contains("\n") ? text.split(separator: Self.paragraphBreak) : [Substring(text)]
        return paragraphs
            .map { Self.tightenPunctuation($0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n\n")
    }

    /// Drops the space before `, . ; : ! ?` in text whose whitespace is already single spaces.
    static func tightenPunctuation(_ text: String) -> String {
        guard text.contains(" ") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character == " " {
                pendingSpace = true
                continue
            }
            if pendingSpace && !",.;:!?".contains(character) { result.append(" ") }
            pendingSpace = false
            result.append(character)
        }
        if pendingSpace { result.append(" ") }
        return result
    }
}

extension String {
    /// Literal, case-sensitive substring replacement without Foundation.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// The patterns above, compiled once: a regex literal is compiled again each time it is evaluated,
/// which cost more than the matching on short texts. `Regex` is not `Sendable`, but its compiled
/// program is initialised atomically on first use, so one shared value is safe.
extension TextNormalizer {
    nonisolated(unsafe) static let andOr = /\band\/or\b/.ignoresCase()
    nonisolated(unsafe) static let slashBetweenWords = /([A-Za-z])\s*\/\s*([A-Za-z])/
    nonisolated(unsafe) static let paragraphBreak = /\n\s*\n/
}

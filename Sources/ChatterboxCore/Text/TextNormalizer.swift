/// Rewrites English text into words a speech engine reads correctly: numbers, ordinals,
/// currency, percentages, abbreviations, times, dates, symbols, URLs and e-mail addresses.
///
/// The passes run in a fixed order (addresses before numbers, currency before plain numbers,
/// and so on) so that each sees text the earlier ones have already made unambiguous.
public struct TextNormalizer: Sendable {
    /// Creates a normaliser.
    public init() {}

    /// Normalises `text`. Paragraph breaks (blank lines) are kept; other runs of whitespace
    /// become one space.
    public func normalize(_ text: String) -> String {
        var text = splitLongTokens(cleanUnicode(text))
        text = expandWebAddresses(text)
        text = expandTimes(text)
        text = expandDates(text)
        text = expandCurrency(text)
        text = expandPercentages(text)
        text = expandOrdinals(text)
        text = expandAbbreviations(text)
        text = expandYears(text)
        text = expandUnits(text)
        text = expandNumbers(text)
        text = expandSymbols(text)
        text = limitHazards(text)
        return collapseWhitespace(text)
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
        var text = text.replacing(/\band\/or\b/.ignoresCase()) { _ in "and or" }
        text = text.replacing(/([A-Za-z])\s*\/\s*([A-Za-z])/) { "\($0.1) or \($0.2)" }
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
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: /\n\s*\n/)
            .map { paragraph in
                paragraph.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                    .replacing(/\ ([,.;:!?])/) { String($0.1) }
            }
            .filter { !$0.isEmpty }
        return paragraphs.joined(separator: "\n\n")
    }
}

extension String {
    /// Literal, case-sensitive substring replacement without Foundation.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

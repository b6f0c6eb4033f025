/// SSML attribute values and `<say-as>` readings, each refusing what it cannot read with `invalid_ssml`.
enum SSMLValues {
    /// Longest single `<break>`: a document cannot ask for an hour of silence.
    static let longestBreak = 10.0

    static func invalid(_ message: String) -> ChatterboxError {
        ChatterboxError(.invalidSsml, message: message, field: "text")
    }

    /// `<break time="700ms">` / `"1.5s"`, else `strength` (none … x-strong), else a medium pause.
    static func breakSeconds(time: String?, strength: String?) throws -> Double {
        if let time = time?.trimmingCharacters(in: .whitespaces), !time.isEmpty {
            let (number, divisor) = time.hasSuffix("ms") ? (time.dropLast(2), 1000.0) : time.hasSuffix("s") ? (time.dropLast(), 1.0) : (Substring(time), 0)
            guard divisor > 0, let value = Double(number), value >= 0, value.isFinite else {
                throw invalid("break time '\(time.prefix(20))' is not a duration like 700ms or 1.5s")
            }
            return min(value / divisor, longestBreak)
        }
        let strengths = ["none": 0, "x-weak": 0.1, "weak": 0.25, "medium": 0.4, "strong": 0.7, "x-strong": 1.0]
        guard let strength else { return 0.4 }
        guard let seconds = strengths[strength] else { throw invalid("break strength '\(strength.prefix(20))' is not one of \(strengths.keys.sorted().joined(separator: ", "))") }
        return seconds
    }

    /// `<prosody rate>`: a word (x-slow … x-fast), a percentage of the current rate (`50%`, `+20%`), or a multiplier.
    static func rate(_ value: String) throws -> Double {
        let words = ["x-slow": 0.5, "slow": 0.75, "medium": 1, "default": 1, "fast": 1.3, "x-fast": 1.75]
        if let word = words[value] { return word }
        if let factor = percentage(value) { return factor }
        guard let number = Double(value), number > 0, number.isFinite else { throw invalid("prosody rate '\(value.prefix(20))' is not a rate") }
        return number
    }

    /// `<prosody volume>`: a word (silent … x-loud) or a change in dB (`+6dB`, `-3dB`).
    static func volumeDB(_ value: String) throws -> Double {
        let words = ["silent": -Double.infinity, "x-soft": -12, "soft": -6, "medium": 0, "default": 0, "loud": 6, "x-loud": 12]
        if let word = words[value] { return word }
        guard value.lowercased().hasSuffix("db"), let number = Double(value.dropLast(2)), number.isFinite, abs(number) <= 40 else {
            throw invalid("prosody volume '\(value.prefix(20))' is not silent … x-loud or a change like +6dB")
        }
        return number
    }

    /// `<prosody pitch>`: a word (x-low … x-high) or a relative change (`+10%`); returned as a fraction.
    static func pitch(_ value: String) throws -> Double {
        let words = ["x-low": -0.4, "low": -0.2, "medium": 0, "default": 0, "high": 0.2, "x-high": 0.4]
        if let word = words[value] { return word }
        guard let factor = percentage(value) else { throw invalid("prosody pitch '\(value.prefix(20))' is not x-low … x-high or a change like +10%") }
        let signed = value.hasPrefix("+") || value.hasPrefix("-")
        return signed ? (Double(value.dropLast().replacingOccurrences(of: "+", with: "")) ?? 0) / 100 : factor - 1
    }

    /// `50%` -> 0.5, `+20%` -> 1.2, `-10%` -> 0.9.
    private static func percentage(_ value: String) -> Double? {
        guard value.hasSuffix("%"), let number = Double(value.dropLast().replacingOccurrences(of: "+", with: "")), number.isFinite else { return nil }
        let factor = value.hasPrefix("+") || value.hasPrefix("-") ? 1 + number / 100 : number / 100
        return factor > 0 ? factor : nil
    }

    /// The words `<say-as interpret-as format>` reads `text` as.
    static func sayAs(_ text: String, interpretAs: String, format: String?) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch interpretAs {
        case "characters", "spell-out", "letters":
            return trimmed.filter { !$0.isWhitespace }.map { $0.isNumber ? NumberWords.digits(Substring(String($0))) : String($0).uppercased() }
                .joined(separator: " ")
        case "digits":
            return NumberWords.digits(Substring(trimmed))
        case "number" where format == "digits":
            return NumberWords.digits(Substring(trimmed))
        case "cardinal", "number":
            return Int(trimmed.filter { $0 != "," }).map(NumberWords.cardinal)
        case "ordinal":
            return Int(trimmed.filter(\.isNumber)).map(NumberWords.ordinal)
        case "telephone":
            return trimmed.split(whereSeparator: { !$0.isNumber && $0 != "+" }).map { group in
                (group.hasPrefix("+") ? "plus " : "") + NumberWords.digits(group)
            }.joined(separator: ", ")
        case "date":
            return date(trimmed, format: format ?? "ymd")
        default:
            return nil  // time, currency, …: the normaliser reads them as written
        }
    }

    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                 "October", "November", "December"]

    /// `2026-11-27` with format `ymd` -> "November twenty-seventh, twenty twenty-six"; `md`, `dmy`, `y` … as SSML's formats.
    private static func date(_ text: String, format: String) -> String? {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let fields = Array(format.prefix(numbers.count))
        guard numbers.count == format.count, Set(fields).count == fields.count else { return nil }
        var year: Int?, month: Int?, day: Int?
        for (field, number) in zip(fields, numbers) {
            switch field {
            case "y": year = number
            case "m": month = number
            case "d": day = number
            default: return nil
            }
        }
        if let month, !(1...12).contains(month) { return nil }
        if let day, !(1...31).contains(day) { return nil }
        var words = [month.map { months[$0 - 1] }, day.map(NumberWords.ordinal)].compactMap { $0 }.joined(separator: " ")
        if let year { words += (words.isEmpty ? "" : ", ") + NumberWords.year(year) }
        return words
    }
}

extension TextNormalizer {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// `3:30 pm` -> "three thirty p m", `10:00` -> "ten o'clock", `14:05` -> "fourteen oh five".
    func expandTimes(_ text: String) -> String {
        text.replacing(Self.clockTime) { match in
            let hour = Int(match.1)!, minute = Int(match.2)!
            var words = NumberWords.cardinal(hour)
            if minute == 0 {
                words += match.4 == nil ? " o'clock" : ""
            } else if minute < 10 {
                words += " oh " + NumberWords.cardinal(minute)
            } else {
                words += " " + NumberWords.cardinal(minute)
            }
            if let seconds = match.3, let value = Int(seconds), value > 0 {
                words += " and \(NumberWords.cardinal(value)) second\(value == 1 ? "" : "s")"
            }
            if let half = match.4 { words += half.lowercased() == "a" ? " a m" : " p m" }
            return match.0.hasSuffix(".") ? words + "." : words
        }
    }

    /// `2024-03-15` and `03/15/2024` -> "March fifteenth, twenty twenty-four";
    /// `March 15, 2024` / `15 March 2024` -> the same words.
    func expandDates(_ text: String) -> String {
        var text = text.replacing(Self.isoDate) { match in
            spokenDate(year: Int(match.1)!, month: Int(match.2)!, day: Int(match.3)!) ?? String(match.0)
        }
        text = text.replacing(Self.slashDate) { match in
            spokenDate(year: Int(match.3)!, month: Int(match.1)!, day: Int(match.2)!)
                ?? spokenDate(year: Int(match.3)!, month: Int(match.2)!, day: Int(match.1)!)
                ?? String(match.0)
        }
        text = text.replacing(Self.monthFirst) { match in
            guard let day = Int(match.2), let index = monthIndex(String(match.1)), (1...31).contains(day) else { return String(match.0) }
            return spokenDate(year: match.3.flatMap { Int($0) }, month: index, day: day) ?? String(match.0)
        }
        return text.replacing(Self.dayFirst) { match in
            guard let day = Int(match.1), let index = monthIndex(String(match.2)), (1...31).contains(day) else { return String(match.0) }
            let year = match.3.flatMap { Int($0) }
            return "the \(NumberWords.ordinal(day)) of \(Self.monthNames[index - 1])" + (year.map { ", \(NumberWords.year($0))" } ?? "")
        }
    }

    private func monthIndex(_ name: String) -> Int? {
        let prefix = name.prefix(3).lowercased()
        return Self.monthNames.firstIndex { $0.prefix(3).lowercased() == prefix }.map { $0 + 1 }
    }

    private func spokenDate(year: Int?, month: Int, day: Int) -> String? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var words = "\(Self.monthNames[month - 1]) \(NumberWords.ordinal(day))"
        if let year { words += ", \(NumberWords.year(year))" }
        return words
    }
}

/// The patterns above, compiled once: a regex literal is compiled again each time it is evaluated,
/// which cost more than the matching on short texts. `Regex` is not `Sendable`, but its compiled
/// program is initialised atomically on first use, so one shared value is safe.
extension TextNormalizer {
    nonisolated(unsafe) static let clockTime = /\b([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?:\s?([aApP])\.?[mM]\.?)?(?=\W|$)/
    nonisolated(unsafe) static let isoDate = /\b(\d{4})-(\d{2})-(\d{2})\b/
    nonisolated(unsafe) static let slashDate = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/
    nonisolated(unsafe) static let monthFirst =
        /\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b/
    nonisolated(unsafe) static let dayFirst =
        /\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?:,?\s+(\d{4}))?\b/
}

extension TextNormalizer {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// `3:30 pm` -> "three thirty p m", `10:00` -> "ten o'clock", `14:05` -> "fourteen oh five".
    func expandTimes(_ text: String) -> String {
        text.replacing(/\b([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?:\s?([aApP])\.?[mM]\.?)?(?=\W|$)/) { match in
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
        var text = text.replacing(/\b(\d{4})-(\d{2})-(\d{2})\b/) { match in
            spokenDate(year: Int(match.1)!, month: Int(match.2)!, day: Int(match.3)!) ?? String(match.0)
        }
        text = text.replacing(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/) { match in
            spokenDate(year: Int(match.3)!, month: Int(match.1)!, day: Int(match.2)!)
                ?? spokenDate(year: Int(match.3)!, month: Int(match.2)!, day: Int(match.1)!)
                ?? String(match.0)
        }
        let month = "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?"
        let monthFirst = try! Regex("\\b\(month)\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b")
        text = text.replacing(monthFirst) { match in
            let name = String(match.output[1].substring!)
            guard let day = Int(match.output[2].substring!), let index = monthIndex(name), (1...31).contains(day) else {
                return String(match.output[0].substring!)
            }
            let year = match.output[3].substring.flatMap { Int($0) }
            return spokenDate(year: year, month: index, day: day) ?? String(match.output[0].substring!)
        }
        let dayFirst = try! Regex("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?\(month)(?:,?\\s+(\\d{4}))?\\b")
        return text.replacing(dayFirst) { match in
            let name = String(match.output[2].substring!)
            guard let day = Int(match.output[1].substring!), let index = monthIndex(name), (1...31).contains(day) else {
                return String(match.output[0].substring!)
            }
            let year = match.output[3].substring.flatMap { Int($0) }
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

extension TextNormalizer {
    /// Abbreviations that are always expanded the same way (case-sensitive, with their dot).
    static let abbreviations: [(String, String)] = [
        ("Mr.", "Mister"), ("Mrs.", "Missus"), ("Ms.", "Miz"), ("Dr.", "Doctor"), ("Prof.", "Professor"),
        ("Jr.", "Junior"), ("Sr.", "Senior"), ("Gen.", "General"), ("Capt.", "Captain"), ("Lt.", "Lieutenant"),
        ("Sgt.", "Sergeant"), ("Col.", "Colonel"), ("Gov.", "Governor"), ("Sen.", "Senator"), ("Rep.", "Representative"),
        ("Rev.", "Reverend"), ("Mt.", "Mount"), ("Ave.", "Avenue"), ("Blvd.", "Boulevard"), ("Rd.", "Road"),
        ("Inc.", "Incorporated"), ("Ltd.", "Limited"), ("Corp.", "Corporation"), ("Co.", "Company"),
        ("Dept.", "Department"), ("Univ.", "University"), ("approx.", "approximately"), ("vs.", "versus"),
        ("etc.", "et cetera"), ("e.g.", "for example"), ("i.e.", "that is"), ("a.k.a.", "also known as"),
        ("Jan.", "January"), ("Feb.", "February"), ("Aug.", "August"), ("Sept.", "September"), ("Oct.", "October"),
        ("Nov.", "November"), ("Dec.", "December"), ("min.", "minutes"), ("hr.", "hour"), ("hrs.", "hours"),
    ]

    /// `Dr. Smith` -> "Doctor Smith", `St. Louis` -> "Saint Louis", `Main St.` -> "Main Street",
    /// `No. 5` -> "number 5", `etc.` -> "et cetera". A sentence-final abbreviation keeps its full stop.
    func expandAbbreviations(_ text: String, hasDigit: Bool = true) -> String {
        guard text.utf8.contains(UInt8(ascii: ".")) || (hasDigit && text.utf8.contains(UInt8(ascii: "#"))) else { return text }
        var text = text
        if text.contains("St.") {
            // "St." is Saint before a capitalised name, Street after one.
            text = text.replacing(Self.streetAfterName) { "\($0.1) Street." }
            text = text.replacing(Self.saintBeforeName) { "Saint\($0.1)\($0.2)" }
        }
        if hasDigit { text = text.replacing(Self.numberSign) { "number \($0.1)" } }
        for (short, long) in Self.abbreviations {
            text = replaceWord(short, with: long, in: text)
        }
        return text
    }

    /// Replaces `short` where it stands as a word; when it ends a sentence (followed by the end of
    /// the text or by a space and a capital that no name-title precedes) a full stop stays.
    private func replaceWord(_ short: String, with long: String, in text: String) -> String {
        guard text.contains(short) else { return text }
        var result = ""
        var rest = Substring(text)
        let neverEnds = ["vs.", "e.g.", "i.e.", "a.k.a.", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Capt.", "Lt.", "Sgt.", "Col.", "Gov.", "Sen.", "Rep.", "Rev.", "Mt."].contains(short)
        while let range = rest.range(of: short) {
            let before = rest[..<range.lowerBound]
            let precededByLetter = (before.last ?? " ").isLetter || (result.last.map { $0.isLetter } ?? false) && before.isEmpty
            result += before
            if precededByLetter {
                result += short
            } else {
                let after = rest[range.upperBound...]
                let endsSentence = !neverEnds && (after.isEmpty || after.first == "\n"
                    || (after.first == " " && (after.dropFirst().first?.isUppercase ?? false)))
                result += long + (endsSentence ? "." : "")
            }
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

/// The patterns above, compiled once: a regex literal is compiled again each time it is evaluated,
/// which cost more than the matching on short texts. `Regex` is not `Sendable`, but its compiled
/// program is initialised atomically on first use, so one shared value is safe.
extension TextNormalizer {
    nonisolated(unsafe) static let streetAfterName = /\b([A-Z][a-z]+)\s+St\./
    nonisolated(unsafe) static let saintBeforeName = /\bSt\.(\s+)([A-Z])/
    nonisolated(unsafe) static let numberSign = /(?:\b[Nn]o\.\s*|#\s?)(\d)/
}

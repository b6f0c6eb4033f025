extension TextNormalizer {
    /// URLs and e-mail addresses read out: `https://www.example.com/docs` -> "example dot com slash docs",
    /// `jane.doe@mail.org` -> "jane dot doe at mail dot org".
    func expandWebAddresses(_ text: String) -> String {
        var text = text.replacing(Self.emailAddress) { match in
            "\(spell(match.1)) at \(spell(match.2))"
        }
        text = text.replacing(Self.webAddress) { match in
            var address = Substring(match.0)
            for prefix in ["https://", "http://", "HTTPS://", "HTTP://"] where address.hasPrefix(prefix) {
                address = address.dropFirst(prefix.count)
            }
            if address.lowercased().hasPrefix("www.") { address = address.dropFirst(4) }
            return spell(address)
        }
        return text.replacing(Self.bareDomain) { match in
            "\(match.1) dot \(match.2.replacingOccurrences(of: ".", with: " dot "))"
        }
    }

    /// Reads an address piece by piece, naming its punctuation.
    private func spell(_ address: Substring) -> String {
        var words: [String] = []
        var current = ""
        let names: [Character: String] = [".": "dot", "/": "slash", "-": "dash", "_": "underscore",
                                          ":": "colon", "?": "question mark", "=": "equals", "&": "and",
                                          "#": "hash", "+": "plus", "%": "percent", "~": "tilde"]
        for character in address {
            if let name = names[character] {
                if !current.isEmpty { words.append(current); current = "" }
                words.append(name)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        if words.last == "slash" { words.removeLast() }
        return words.joined(separator: " ")
    }
}

/// The patterns above, compiled once: a regex literal is compiled again each time it is evaluated,
/// which cost more than the matching on short texts. `Regex` is not `Sendable`, but its compiled
/// program is initialised atomically on first use, so one shared value is safe.
extension TextNormalizer {
    nonisolated(unsafe) static let emailAddress = /\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b/
    nonisolated(unsafe) static let webAddress = /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)]/.ignoresCase()
    nonisolated(unsafe) static let bareDomain = /\b([a-z0-9-]+)\.(com|org|net|io|dev|edu|gov|co\.uk|ai)\b/
}

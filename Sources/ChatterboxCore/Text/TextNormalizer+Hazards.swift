extension TextNormalizer {
    /// Longest run of dotted letters (`a.b.c.`, `U.S.`, `x. y.`) passed on as written. espeak-ng
    /// reads such a run as one spelled word and overflows a stack buffer at about 85 letters
    /// (`"a." * 100` killed it); past this many, the letters are written without their dots.
    static let maxDottedLetters = 24
    /// Longest word passed on whole; longer ones (no real word is) are cut into pieces of this length,
    /// so no chunk is one giant word for a model and no engine sees a pathological token.
    static let maxWordLength = 60

    /// Longest run without whitespace the pattern passes see. Their greedy classes (`[\\d,]*`,
    /// `[A-Za-z0-9._%+-]+`) never cross whitespace, so this bounds the backtracking from each
    /// position and keeps every pass linear in the text's length ("1" * 4000 took 15 s before).
    static let maxTokenLength = 100

    /// A space after every `maxTokenLength` characters of a run without whitespace (one linear pass).
    func splitLongTokens(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var run = 0
        for character in text {
            if character.isWhitespace {
                run = 0
            } else if run == Self.maxTokenLength {
                result.append(" ")
                run = 1
            } else {
                run += 1
            }
            result.append(character)
        }
        return result
    }

    /// Takes the known hazards out of `text` in one linear pass: long runs of dotted letters lose
    /// their dots, and overlong words are cut. Ordinary text comes back unchanged.
    func limitHazards(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var run = 0
        var token: [Character] = []
        func flush() {
            guard !token.isEmpty else { return }
            let letters = Self.dottedLetters(token)
            if let letters {
                run += letters.count
                if run > Self.maxDottedLetters {
                    result += letters.map(String.init).joined(separator: " ")
                } else {
                    result += String(token)
                }
            } else {
                run = 0
                result += Self.cut(token)
            }
            token.removeAll(keepingCapacity: true)
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "." || character == "'" || character == "-" {
                token.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// The letters of a dotted token (single letters each followed by a dot, the last dot optional:
    /// `e.g.`, `U.S.A`), or nil for any other token.
    static func dottedLetters(_ token: [Character]) -> [Character]? {
        var letters: [Character] = []
        var index = 0
        while index < token.count {
            guard token[index].isLetter else { return letters.count > 0 && token[index...].allSatisfy { $0 == "." } ? letters : nil }
            letters.append(token[index])
            index += 1
            if index == token.count { break }
            guard token[index] == "." else { return nil }
            index += 1
        }
        return letters.count >= 1 && token.contains(".") ? letters : nil
    }

    /// A word over `maxWordLength` characters as pieces of that length separated by spaces.
    static func cut(_ token: [Character]) -> String {
        guard token.count > maxWordLength else { return String(token) }
        return stride(from: 0, to: token.count, by: maxWordLength)
            .map { String(token[$0..<min($0 + maxWordLength, token.count)]) }
            .joined(separator: " ")
    }
}

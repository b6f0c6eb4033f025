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

    /// Longest run of digits, commas and dots read as a number; longer ones (ids, hostile input) are read
    /// digit by digit at once, before the number patterns would backtrack over them.
    static let maxNumberLength = 24

    /// A space after every `maxTokenLength` characters of a run without whitespace, and number runs over
    /// `maxNumberLength` spelled digit by digit (one linear pass).
    func splitLongTokens(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var run = 0
        var number: [Character] = []
        func flushNumber() {
            guard !number.isEmpty else { return }
            if number.count > Self.maxNumberLength, number.contains(where: \.isNumber) {
                let spoken = number.map { $0 == "," ? "," : $0 == "." ? " point" : NumberWords.digits(Substring(String($0))) }
                result += " " + spoken.joined(separator: " ") + " "
                run = 0
            } else {
                for character in number { append(character) }
            }
            number.removeAll(keepingCapacity: true)
        }
        func append(_ character: Character) {
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
        for character in text {
            if character.isASCII, character.isNumber || character == "," || character == "." {
                number.append(character)
                continue
            }
            flushNumber()
            append(character)
        }
        flushNumber()
        return result
    }

    /// Takes the known hazards out of `text` in one linear pass: in a long run of dotted letters the
    /// dots become spaces, and overlong words are cut. A run ends at a word, not at punctuation alone
    /// (`a.,.,a.` is one run to espeak-ng). Runs the last pass of normalising, so nothing joins a run again;
    /// it never makes two spaces of one. Ordinary text comes back unchanged.
    func limitHazards(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var run = 0
        var token: [Character] = []
        func append(_ piece: some Sequence<Character>) {
            for character in piece where character != " " || (result.last != " " && result.last != nil) { result.append(character) }
        }
        func flush() {
            guard !token.isEmpty else { return }
            let letters = Self.dottedLetterCount(token)
            if letters > 0 {
                run += letters
                append(Self.cut(run > Self.maxDottedLetters ? token.map { $0 == "." ? " " : $0 } : token))
            } else if token.contains(where: { $0.isLetter || $0.isNumber }) {
                run = 0
                append(Self.cut(token))
            } else {
                append(token)  // punctuation alone: neither part of a run nor its end
            }
            token.removeAll(keepingCapacity: true)
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "." || character == "'" || character == "-" {
                token.append(character)
            } else {
                flush()
                append(CollectionOfOne(character))
            }
        }
        flush()
        return result
    }

    /// How many single letters standing between dots a token has (`e.g.` 2, `U.S.A` 3, `a.a.ag.a` 3,
    /// `www.example.com` 0): what espeak-ng spells out letter by letter and runs together. A token
    /// without any (an ordinary word) ends a run.
    static func dottedLetterCount(_ token: [Character]) -> Int {
        guard token.contains(".") else { return 0 }
        return token.split(separator: ".", omittingEmptySubsequences: false).filter { $0.count == 1 && $0.first!.isLetter }.count
    }

    /// Words over `maxWordLength` characters as pieces of that length separated by spaces.
    static func cut(_ token: [Character]) -> String {
        guard token.count > maxWordLength else { return String(token) }
        return token.split(separator: " ", omittingEmptySubsequences: false).map { word in
            stride(from: 0, to: word.count, by: maxWordLength)
                .map { String(word[(word.startIndex + $0)..<(word.startIndex + min($0 + maxWordLength, word.count))]) }
                .joined(separator: " ")
        }.joined(separator: " ")
    }
}

/// Splits normalised text into chunks an engine can speak in one call: one sentence per chunk,
/// with sentences longer than the engine's limit split at clause punctuation, then between
/// words. No chunk is longer than the limit: a "word" longer than it (no real word is; the
/// normaliser already cuts long ones, but punctuation can glue runs together) is cut.
public struct SentenceChunker: Sendable {
    /// Longest chunk, in characters.
    public var maxCharacters: Int

    /// Creates a chunker.
    public init(maxCharacters: Int) {
        self.maxCharacters = max(1, maxCharacters)
    }

    /// The chunks of `text`, in order, trimmed, none empty.
    public func chunks(_ text: String) -> [String] {
        sentences(text).flatMap { split($0) }
    }

    /// Marks that end a sentence when whitespace (or the end) follows: `.!?`, and those of scripts written with
    /// spaces — Arabic `؟`, Urdu `۔`, Devanagari `। ॥`, Armenian `։`, Ethiopic `።`.
    static let spacedEnds: Set<Character> = [".", "!", "?", "؟", "۔", "।", "॥", "։", "።"]
    /// Marks that end a sentence where they stand: Chinese and Japanese write no space after `。！？`.
    static let fullWidthEnds: Set<Character> = ["。", "！", "？", "｡"]
    /// What may follow an end and still belong to its sentence: more ends, closing quotes and brackets.
    static let closing: Set<Character> = [".", "!", "?", "\"", "'", ")", "]", "”", "’", "」", "』", "）", "》", "〉", "。", "！", "？"]

    /// Sentences: ends at `.`, `!`, `?` and the other scripts' marks (`spacedEnds`) followed by whitespace, at
    /// `。！？` wherever they stand, with any closing quotes or brackets, and at paragraph breaks.
    public func sentences(_ text: String) -> [String] {
        var result: [String] = []
        for paragraph in text.contains("\n") ? text.split(separator: TextNormalizer.paragraphBreak) : [Substring(text)] {
            var current = ""
            let characters = Array(paragraph)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                current.append(character == "\n" ? " " : character)
                index += 1
                let fullWidth = Self.fullWidthEnds.contains(character)
                guard fullWidth || Self.spacedEnds.contains(character) else { continue }
                // Take any run of terminators and closing marks: `?!`, `..."`, `.)`, `。」`.
                while index < characters.count, Self.closing.contains(characters[index]) {
                    current.append(characters[index])
                    index += 1
                }
                if fullWidth || index == characters.count || characters[index].isWhitespace {
                    append(&result, current)
                    current = ""
                }
            }
            append(&result, current)
        }
        return result
    }

    private func append(_ result: inout [String], _ sentence: String) {
        let trimmed = sentence.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        if trimmed.contains(where: { $0.isLetter || $0.isNumber }) { result.append(trimmed) }
    }

    /// One sentence into pieces of at most `maxCharacters`, preferring clause boundaries.
    private func split(_ sentence: String) -> [String] {
        guard sentence.count > maxCharacters else { return [sentence] }
        var pieces: [String] = []
        var current = ""
        for clause in clauses(sentence) {
            let joined = current.isEmpty ? clause : current + " " + clause
            if joined.count <= maxCharacters {
                current = joined
                continue
            }
            if !current.isEmpty { pieces.append(current) }
            if clause.count <= maxCharacters {
                current = clause
            } else {
                let words = packWords(clause)
                pieces += words.dropLast()
                current = words.last ?? ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Clauses: split after `,`, `;`, `:` and around ` - `.
    public func clauses(_ sentence: String) -> [String] {
        var result: [String] = []
        var current = ""
        for word in sentence.split(separator: " ") {
            current += current.isEmpty ? String(word) : " " + word
            if let last = word.last, ",;:".contains(last) || word == "-" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Greedy word packing; words longer than the limit are cut into pieces of the limit.
    private func packWords(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let words = text.split(separator: " ").flatMap { word -> [Substring] in
            guard word.count > maxCharacters else { return [word] }
            var pieces: [Substring] = [], rest = word
            while !rest.isEmpty {
                pieces.append(rest.prefix(maxCharacters))
                rest = rest.dropFirst(maxCharacters)
            }
            return pieces
        }
        for word in words {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= maxCharacters {
                current += " " + word
            } else {
                result.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

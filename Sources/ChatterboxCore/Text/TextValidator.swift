import Foundation

/// Checks text before any work is spent on it: present, valid UTF-8, not too long, and with
/// control characters removed.
public struct TextValidator: Sendable {
    /// Longest accepted text, in characters.
    public var maxLength: Int

    /// Creates a validator.
    public init(maxLength: Int) {
        self.maxLength = maxLength
    }

    /// Decodes bytes (a file or stdin) as UTF-8, then validates.
    public func validate(bytes: Data) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes)
            throw ChatterboxError(.invalidUtf8, message: "text is not valid UTF-8 (first bad byte at offset \(offset))", field: "text")
        }
        return try validate(text)
    }

    /// Returns the text without control characters (tabs and line breaks stay), or throws.
    public func validate(_ text: String) throws -> String {
        // Count on the raw text first so a huge input is refused before any copying.
        let length = text.count
        guard length <= maxLength else {
            throw ChatterboxError(.textTooLong, message: "text is \(length) characters; the limit is \(maxLength) (processing.max_text_length)",
                field: "text")
        }
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control && !["\n", "\r", "\t"].contains(scalar) { continue }
            cleaned.append(scalar)
        }
        let result = String(cleaned)
        guard result.contains(where: { !$0.isWhitespace }) else {
            throw ChatterboxError(.emptyText, message: "text is empty; give at least one word to speak", field: "text")
        }
        return result
    }

    private func firstInvalidUTF8Offset(_ bytes: Data) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput, .error: return offset
            }
        }
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension Lexicon {
    /// Reads a W3C PLS 1.0 document: each `lexeme`'s `grapheme`s say its first `alias`, else its first
    /// `phoneme` (IPA). The root's `xml:lang` is the lexicon's language. DOCTYPEs are refused, as for SSML.
    public static func pls(_ text: String, name: String) throws -> Lexicon {
        guard text.range(of: "<!DOCTYPE", options: .caseInsensitive) == nil, text.range(of: "<!ENTITY", options: .caseInsensitive) == nil else {
            throw invalid(name, "a DOCTYPE or entity declaration is refused")
        }
        let reader = PLSReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), reader.sawLexicon else {
            throw invalid(name, "line \(parser.lineNumber), column \(parser.columnNumber): not a PLS <lexicon>")
        }
        if let alphabet = reader.alphabet, alphabet.lowercased() != "ipa", reader.entries.values.contains(where: { if case .ipa = $0 { true } else { false } }) {
            throw invalid(name, "alphabet '\(alphabet.prefix(20))': only ipa phonemes are spoken here")
        }
        return Lexicon(name: name, entries: reader.entries, languages: reader.language.map { [$0] } ?? [])
    }
}

/// Collects lexemes: graphemes, then the first alias or phoneme.
private final class PLSReader: NSObject, XMLParserDelegate {
    var entries: [String: Lexicon.Pronunciation] = [:]
    var sawLexicon = false
    var language: String?
    var alphabet: String?
    private var graphemes: [String] = []
    private var pronunciation: Lexicon.Pronunciation?
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        text = ""
        switch name {
        case "lexicon":
            sawLexicon = true
            language = attributes["xml:lang"]
            alphabet = attributes["alphabet"]
        case "lexeme":
            graphemes = []
            pronunciation = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch name {
        case "grapheme" where !value.isEmpty: graphemes.append(value)
        case "alias" where pronunciation == nil && !value.isEmpty: pronunciation = .alias(value)
        case "phoneme" where pronunciation == nil && !value.isEmpty: pronunciation = .ipa(value)
        case "lexeme":
            if let pronunciation { for grapheme in graphemes where entries[grapheme] == nil { entries[grapheme] = pronunciation } }
        default: break
        }
        text = ""
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an SSML 1.1 document into a `SpeechScript`. Supported: `speak`, `p`, `s`, `break` (`time`,
/// `strength`), `prosody` (`rate`, `volume`, `pitch`), `say-as` (`characters`/`spell-out`, `digits`,
/// `cardinal`, `ordinal`, `date` with `format`, `telephone`; `time` and `currency` read as written),
/// `sub alias`, `phoneme alphabet="ipa" ph`, `emphasis`, `voice name`, `lang`/`xml:lang`; `mark` is
/// ignored, `desc` is not spoken. Other elements: their text is spoken and a warning recorded.
///
/// The document is hostile until proven otherwise: a DOCTYPE (and so any entity declaration — billion
/// laughs, external entities) is refused before the XML parser sees it, external entities are never
/// resolved, nesting is limited; malformed XML is `invalid_ssml` with its line and column.
public struct SSMLParser: Sendable {
    /// Deepest element nesting accepted.
    public var maxDepth = 64

    public init() {}

    public func parse(_ document: String) throws -> SpeechScript {
        if document.range(of: "<!DOCTYPE", options: .caseInsensitive) != nil || document.range(of: "<!ENTITY", options: .caseInsensitive) != nil {
            throw SSMLValues.invalid("SSML with a DOCTYPE or entity declarations is refused")
        }
        let reader = Reader(maxDepth: maxDepth)
        let parser = XMLParser(data: Data(document.utf8))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = reader
        let parsed = parser.parse()
        if let failure = reader.failure { throw failure }
        guard parsed else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "malformed XML"
            throw SSMLValues.invalid("line \(parser.lineNumber), column \(parser.columnNumber): \(reason)")
        }
        guard reader.sawRoot else { throw SSMLValues.invalid("the document's root element must be <speak>") }
        if let open = reader.stack.last {
            throw SSMLValues.invalid("line \(parser.lineNumber), column \(parser.columnNumber): <\(open.name.prefix(20))> is not closed")
        }
        return reader.script
    }
}

/// The XML parser's delegate: keeps a stack of styles and what each open element collects.
private final class Reader: NSObject, XMLParserDelegate {
    struct Open {
        var name: String
        var style: SpeechScript.Style
        /// Text gathered for `say-as`, `phoneme`, `sub` instead of being spoken as it comes.
        var collected: String?
        var attributes: [String: String]
    }

    let maxDepth: Int
    var stack: [Open] = []
    var script = SpeechScript()
    var failure: ChatterboxError?
    var sawRoot = false
    var pending = ""

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    var style: SpeechScript.Style { stack.last?.style ?? SpeechScript.Style() }

    func fail(_ parser: XMLParser, _ error: ChatterboxError) {
        guard failure == nil else { return }
        failure = SSMLValues.invalid("line \(parser.lineNumber), column \(parser.columnNumber): \(error.message)")
        parser.abortParsing()
    }

    /// Speaks the text gathered so far with the current style.
    func flush() {
        guard pending.contains(where: { !$0.isWhitespace }) else { pending = ""; return }
        script.parts.append(.text(pending, style))
        pending = ""
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard stack.count < maxDepth else { return fail(parser, SSMLValues.invalid("elements nest deeper than \(maxDepth)")) }
        if stack.isEmpty {
            guard name == "speak" else { return fail(parser, SSMLValues.invalid("the root element is <\(name.prefix(20))>, not <speak>")) }
            sawRoot = true
        }
        if stack.last?.collected != nil { return stack.append(Open(name: name, style: style, collected: nil, attributes: [:])) }
        flush()
        var open = Open(name: name, style: style, collected: nil, attributes: attributes)
        if let language = attributes["xml:lang"] { open.style.language = language }
        do {
            switch name {
            case "speak", "mark", "audio": break
            case "p", "s": script.parts.append(.boundary)
            case "break":
                script.parts.append(.pause(try SSMLValues.breakSeconds(time: attributes["time"], strength: attributes["strength"])))
            case "prosody":
                if let rate = attributes["rate"] { open.style.rate *= try SSMLValues.rate(rate) }
                if let volume = attributes["volume"] { open.style.volumeDB += try SSMLValues.volumeDB(volume) }
                if let pitch = attributes["pitch"] { open.style.pitch = (open.style.pitch ?? 0) + (try SSMLValues.pitch(pitch)) }
            case "emphasis":
                let level = attributes["level"] ?? "moderate"
                let (rate, gain) = ["strong": (0.85, 4.0), "moderate": (0.92, 2.0), "none": (1.0, 0.0), "reduced": (1.1, -3.0)][level] ?? (0.92, 2.0)
                open.style.rate *= rate
                open.style.volumeDB += gain
            case "voice":
                guard let voice = attributes["name"], !voice.isEmpty else { throw SSMLValues.invalid("<voice> needs a name") }
                open.style.voice = voice
            case "lang":
                guard attributes["xml:lang"] != nil else { throw SSMLValues.invalid("<lang> needs xml:lang") }
            case "say-as":
                guard attributes["interpret-as"] != nil else { throw SSMLValues.invalid("<say-as> needs interpret-as") }
                open.collected = ""
            case "phoneme":
                guard let alphabet = attributes["alphabet"], alphabet.lowercased() == "ipa" else {
                    throw SSMLValues.invalid("<phoneme> needs alphabet=\"ipa\" (the only alphabet spoken here)")
                }
                guard attributes["ph"] != nil else { throw SSMLValues.invalid("<phoneme> needs ph") }
                open.collected = ""
            case "sub":
                guard let alias = attributes["alias"] else { throw SSMLValues.invalid("<sub> needs alias") }
                script.parts.append(.text(alias, open.style))
                open.collected = ""
            case "desc":
                open.collected = ""
            default:
                script.warnings.append("<\(name.prefix(40))> is not supported; its text is spoken")
            }
        } catch let error as ChatterboxError {
            return fail(parser, error)
        } catch {
            return fail(parser, SSMLValues.invalid("\(error)"))
        }
        stack.append(open)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if stack.last?.collected != nil {
            stack[stack.count - 1].collected! += string
        } else if stack.contains(where: { $0.collected != nil }) {
            return  // inside an element nested in a collecting one
        } else {
            pending += string
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if !stack.dropLast().contains(where: { $0.collected != nil }) { flush() }  // text inside is spoken in its style
        guard let open = stack.popLast() else { return }
        if stack.contains(where: { $0.collected != nil }) { return }
        let inner = open.collected ?? ""
        switch open.name {
        case "p", "s": script.parts.append(.boundary)
        case "say-as":
            let reading = SSMLValues.sayAs(inner, interpretAs: open.attributes["interpret-as"] ?? "", format: open.attributes["format"])
            script.parts.append(.text(reading ?? inner, open.style))
        case "phoneme":
            script.parts.append(.phonemes(ipa: open.attributes["ph"] ?? "", text: inner, open.style))
        default: break
        }
    }
}

import Foundation
import Synchronization

/// The lexicons in `directories.lexicons`, read again whenever a file there is added, changed or removed
/// (checked on each use: a directory listing, nothing read when nothing changed). A file that does not parse
/// is left out and reported (`problems`, `chatterbox lexicon list`); the others keep working.
public final class LexiconStore: Sendable {
    public let folder: URL
    private struct Loaded {
        var fingerprint: [String] = []
        var lexicons: [Lexicon] = []
        var problems: [String] = []
    }
    private let loaded = Mutex(Loaded())

    public init(folder: URL) {
        self.folder = folder
    }

    /// Every lexicon, by file name (`NAME.yaml` before `NAME.pls` of the same name), and the files that failed.
    public func all() -> (lexicons: [Lexicon], problems: [String]) {
        let files = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]))
            ?? []).filter { ["yaml", "yml", "pls"].contains($0.pathExtension.lowercased()) && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let fingerprint = files.map { file in
            let values = try? file.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
            return "\(file.lastPathComponent) \(values?.contentModificationDate?.timeIntervalSince1970 ?? 0) \(values?.fileSize ?? 0)"
        }
        return loaded.withLock { state in
            if state.fingerprint != fingerprint || (fingerprint.isEmpty && !state.lexicons.isEmpty) {
                state = Self.read(files)
                state.fingerprint = fingerprint
            }
            return (state.lexicons, state.problems)
        }
    }

    private static func read(_ files: [URL]) -> Loaded {
        var result = Loaded()
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            guard !result.lexicons.contains(where: { $0.name == name }) else { continue }
            do {
                let text = try String(contentsOf: file, encoding: .utf8)
                result.lexicons.append(file.pathExtension.lowercased() == "pls" ? try Lexicon.pls(text, name: name) : try Lexicon.yaml(text, name: name))
            } catch {
                result.problems.append("\(file.lastPathComponent): \((error as? ChatterboxError)?.message ?? "\(error)")")
            }
        }
        return result
    }

    /// The lexicons a request uses: `requested` (a name, or `none` for no lexicon at all), else every lexicon
    /// that applies by default to `voice` (its `voices` or `languages`).
    public func select(_ requested: String?, for voice: VoiceInfo) throws -> [Lexicon] {
        let lexicons = all().lexicons
        guard let requested, !requested.isEmpty else { return lexicons.filter { $0.appliesByDefault(to: voice) } }
        if requested == "none" { return [] }
        guard let lexicon = lexicons.first(where: { $0.name == requested }) else {
            let known = lexicons.map(\.name).joined(separator: ", ")
            throw ChatterboxError(.unknownLexicon, message: "no lexicon '\(requested.prefix(60))' in \(folder.path); there are: \(known)", field: "lexicon")
        }
        return [lexicon]
    }
}

extension Array where Element == Lexicon {
    /// `text` with each whole word the lexicons know said their way: aliases replace the word in the text, IPA
    /// becomes a phoneme part (spoken from the IPA by engines that take it). One pass over the text.
    public func rewrite(_ text: String, style: SpeechScript.Style) -> [SpeechScript.Part] {
        guard !isEmpty else { return [.text(text, style)] }
        var parts: [SpeechScript.Part] = [], output = "", word = ""
        func endWord() {
            guard !word.isEmpty else { return }
            switch lazy.compactMap({ $0.pronunciation(of: Substring(word)) }).first {
            case .alias(let alias): output += alias
            case .ipa(let ipa):
                if !output.isEmpty { parts.append(.text(output, style)) }
                parts.append(.phonemes(ipa: ipa, text: word, style))
                output = ""
            case nil: output += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || (character == "'" && !word.isEmpty) {
                word.append(character)
            } else {
                endWord()
                output.append(character)
            }
        }
        endWord()
        if !output.isEmpty || parts.isEmpty { parts.append(.text(output, style)) }
        return parts
    }
}

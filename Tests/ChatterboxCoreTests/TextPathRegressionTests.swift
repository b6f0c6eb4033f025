import Foundation
import Testing
@testable import ChatterboxCore

/// Every input the text-path fuzzer (Tests/fuzz) ever broke, replayed through validation,
/// normalisation, chunking and espeak-ng phonemes (in the helper processes, as the server runs them).
@Suite("text path: fuzzer regressions")
struct TextPathRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../fuzz/regressions").standardizedFileURL

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func thereAreRegressionCases() {
        #expect(!Self.cases.isEmpty)
    }

    @Test(arguments: cases)
    func replays(_ name: String) async throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        guard let text = try? TextValidator(maxLength: 20_000).validate(bytes: bytes) else { return }
        let chunks = SentenceChunker(maxCharacters: 400).chunks(TextNormalizer().normalize(text))
        for chunk in chunks {
            #expect(!chunk.isEmpty && chunk.count <= 400, "\(name): a chunk of \(chunk.count) characters")
            do {
                _ = try await TestEspeak.pool.phonemize(chunk, voice: "en-us")
            } catch let error as ChatterboxError {
                Issue.record("\(name): espeak-ng could not read a chunk the normaliser let through: \(error.message)")
            }
        }
    }
}

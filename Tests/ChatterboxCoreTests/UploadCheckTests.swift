import Foundation
import Testing

@testable import ChatterboxCore

/// Uploads checked in a child process (`chatterbox check-upload`): the same answers as in process, and a file that
/// kills or hangs its decoder costs a 400, never the caller's process.
@Suite("Upload checks out of process")
struct UploadCheckTests {
    func writeClip(_ url: URL, seconds: Double, level: Float, rate: Int = 16_000) throws {
        let writer = try AudioFileWriter(destination: url, format: .wav, inputRate: rate)
        let samples = (0..<Int(seconds * Double(rate))).map { level * sinf(Float($0) * 2 * .pi * 220 / Float(rate)) }
        try writer.append(samples)
        _ = try writer.finish()
    }

    /// Runs a check off Swift's cooperative pool — it waits for a child process, and on a 2-core machine two such
    /// waits on the pool stall every other test — and returns what it threw.
    func thrown(_ body: @escaping @Sendable () throws -> Void) async -> ChatterboxError? {
        do {
            try await BlockingWork.run(body)
            return nil
        } catch {
            return error as? ChatterboxError ?? ChatterboxError.engine("not our error: \(error)")
        }
    }

    @Test func aClipIsCheckedAndTrimmedInTheChild() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        try writeClip(folder.file("voice.wav"), seconds: 5, level: 0.3)
        #expect(await thrown { try UploadCheck().clip(folder.file("voice.wav"), to: folder.file("checked.wav")) } == nil)
        let checked = try AudioDecoder.read(folder.file("checked.wav"))
        #expect(checked.sampleRate == 16_000 && abs(checked.duration - 5) < 0.05)
    }

    @Test func refusalsComeBackAsTheyWouldInProcess() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        try writeClip(folder.file("quiet.wav"), seconds: 5, level: 0)
        folder.write("notes.wav", "not audio")
        for (file, code) in [("quiet.wav", "clip_silent"), ("notes.wav", "invalid_clip")] {
            let error = await thrown { try UploadCheck().clip(folder.file(file), to: folder.file("out.wav")) }
            #expect(error?.code.rawValue == code && error?.field == "clip" && error?.kind == .badInput)
        }
        folder.write("model.onnx", "garbage")
        folder.write("model.onnx.json", "{}")
        #expect(await thrown { try UploadCheck().piper(model: folder.file("model.onnx"), config: folder.file("model.onnx.json"), onnxruntimeLibrary: "") }?.code == .invalidVoice)
        // A good config beside a model ONNX Runtime (which loads) cannot read: the upload's 400, in our words.
        guard InstalledPiper.available else { return }
        try FileManager.default.removeItem(at: folder.file("model.onnx.json"))
        try FileManager.default.copyItem(atPath: InstalledPiper.voice.path + ".json", toPath: folder.file("model.onnx.json").path)
        let garbage = await thrown {
            try UploadCheck().piper(model: folder.file("model.onnx"), config: folder.file("model.onnx.json"), onnxruntimeLibrary: InstalledPiper.library)
        }
        #expect(garbage?.code == .invalidVoice && garbage?.kind == .badInput && garbage?.message == "model.onnx cannot be loaded by ONNX Runtime: it is not a Piper model")
    }

    @Test func aDecoderThatDiesOrHangsFailsTheFileNotTheServer() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        try writeClip(folder.file("voice.wav"), seconds: 5, level: 0.3)
        // Stand-ins for `chatterbox check-upload` meeting a file that crashes or hangs the library.
        let crashing = folder.write("crashing", "#!/bin/sh\nkill -SEGV $$\n"), hanging = folder.write("hanging", "#!/bin/sh\nexec sleep 60\n")
        for program in [crashing, hanging] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program) }
        let crashed = await thrown { try UploadCheck(executable: crashing).clip(folder.file("voice.wav"), to: folder.file("out.wav")) }
        #expect(crashed?.kind == .badInput && crashed?.code == .invalidClip && crashed?.message.contains("decoder stopped") == true)
        let hung = await thrown { try UploadCheck(executable: hanging, timeout: 1).clip(folder.file("voice.wav"), to: folder.file("out.wav")) }
        #expect(hung?.message.contains("took over 1 s") == true)
        // A check that cannot start at all is ours to fix: 500.
        let missing = await thrown { try UploadCheck(executable: folder.file("missing").path).clip(folder.file("voice.wav"), to: folder.file("out.wav")) }
        #expect(missing?.kind == .internalFailure)
    }
}

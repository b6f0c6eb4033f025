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

    @Test func aClipIsCheckedAndTrimmedInTheChild() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        try writeClip(folder.file("voice.wav"), seconds: 5, level: 0.3)
        try UploadCheck().clip(folder.file("voice.wav"), to: folder.file("checked.wav"))
        let checked = try AudioDecoder.read(folder.file("checked.wav"))
        #expect(checked.sampleRate == 16_000 && abs(checked.duration - 5) < 0.05)
    }

    @Test func refusalsComeBackAsTheyWouldInProcess() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        try writeClip(folder.file("quiet.wav"), seconds: 5, level: 0)
        folder.write("notes.wav", "not audio")
        for (file, code) in [("quiet.wav", "clip_silent"), ("notes.wav", "invalid_clip")] {
            #expect { try UploadCheck().clip(folder.file(file), to: folder.file("out.wav")) } throws: {
                let error = $0 as? ChatterboxError
                return error?.code.rawValue == code && error?.field == "clip" && error?.kind == .badInput
            }
        }
        folder.write("model.onnx", "garbage")
        folder.write("model.onnx.json", "{}")
        #expect { try UploadCheck().piper(model: folder.file("model.onnx"), config: folder.file("model.onnx.json"), onnxruntimeLibrary: "") } throws: {
            ($0 as? ChatterboxError)?.code == .invalidVoice
        }
        // A good config beside a model ONNX Runtime (which loads) cannot read: the upload's 400, in our words.
        guard InstalledPiper.available else { return }
        try FileManager.default.removeItem(at: folder.file("model.onnx.json"))
        try FileManager.default.copyItem(atPath: InstalledPiper.voice.path + ".json", toPath: folder.file("model.onnx.json").path)
        #expect { try UploadCheck().piper(model: folder.file("model.onnx"), config: folder.file("model.onnx.json"), onnxruntimeLibrary: InstalledPiper.library) } throws: {
            let error = $0 as? ChatterboxError
            return error?.code == .invalidVoice && error?.kind == .badInput && error?.message == "model.onnx is not a model ONNX Runtime can load"
        }
    }

    @Test func aDecoderThatDiesOrHangsFailsTheFileNotTheServer() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        try writeClip(folder.file("voice.wav"), seconds: 5, level: 0.3)
        // Stand-ins for `chatterbox check-upload` meeting a file that crashes or hangs the library.
        let crashing = folder.write("crashing", "#!/bin/sh\nkill -SEGV $$\n"), hanging = folder.write("hanging", "#!/bin/sh\nexec sleep 60\n")
        for program in [crashing, hanging] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program) }
        #expect { try UploadCheck(executable: crashing).clip(folder.file("voice.wav"), to: folder.file("out.wav")) } throws: {
            let error = $0 as? ChatterboxError
            return error?.kind == .badInput && error?.code == .invalidClip && error?.message.contains("decoder stopped") == true
        }
        #expect { try UploadCheck(executable: hanging, timeout: 1).clip(folder.file("voice.wav"), to: folder.file("out.wav")) } throws: {
            ($0 as? ChatterboxError)?.message.contains("took over 1 s") == true
        }
        // A check that cannot start at all is ours to fix: 500.
        #expect { try UploadCheck(executable: folder.file("missing").path).clip(folder.file("voice.wav"), to: folder.file("out.wav")) } throws: {
            ($0 as? ChatterboxError)?.kind == .internalFailure
        }
    }
}

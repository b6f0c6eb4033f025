import ChatterboxCore
import Foundation
import Testing
@testable import ChatterboxSetup

@Suite("Doctor")
struct SystemDoctorTests {
    @Test func checksEngineFormatsAndFolders() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var doctor = SystemDoctor(settings: .defaults, workingDirectory: folder)
        doctor.systemVoiceFolder = folder.appendingPathComponent("no-voices")
        let checks = await doctor.run()
        let byName = Dictionary(uniqueKeysWithValues: checks.map { ($0.name, $0) })
        #expect(byName["espeak-ng"]?.status == .ok)
        for format in AudioFormat.allCases { #expect(byName["format \(format.rawValue)"]?.status == .ok) }
        #expect(byName["logs folder"]?.status == .ok)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("logs").path))
        // A missing voice is a warning with a fix, not a failure.
        #expect(byName["default voice"]?.status == .warning)
        #expect(byName["default voice"]?.fix?.contains("install.sh") == true)
    }

    @Test func unwritableFolderFails() async {
        var settings = Settings.defaults
        settings.directories.logs = "/proc/chatterbox-logs"
        let check = SystemDoctor(settings: settings, workingDirectory: URL(fileURLWithPath: "/")).checkFolder("logs", settings.directories.logs)
        #expect(check.status == .failed)
    }
}

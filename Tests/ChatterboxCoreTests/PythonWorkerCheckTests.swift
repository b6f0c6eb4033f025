import Foundation
import Testing
@testable import ChatterboxCore

@Suite("The Python engines' check")
struct PythonWorkerCheckTests {
    /// A stand-in interpreter that keeps its own environment (read from /proc/self/environ, as the kernel gave it)
    /// and answers the check like the worker.
    static func recordingPython(in folder: TemporaryFolder) throws -> (python: URL, environ: URL) {
        let environ = folder.file("environ"), python = folder.file("python")
        let script = """
            #!/bin/sh
            cat /proc/self/environ > '\(environ.path)'
            echo '{"python": "3.11", "engines": {"chatterbox": {"available": false, "reason": "not installed"}}}'
            """
        try script.write(to: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        return (python, environ)
    }

    @Test func theChildGetsTheAllowListedEnvironmentOnly() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let (python, environ) = try Self.recordingPython(in: folder)
        setenv("CHATTERBOX_TEST_CHILD_PASSWORD", "hunter2", 1)  // a name nothing reads
        setenv("SOME_SERVICE_API_KEY", "sk-secret", 1)
        let check = PythonWorkerCheck(python: python.path, workerFolder: folder.path)
        let report = try await check.report()
        #expect(report.engines["chatterbox"]?.available == false)
        let names = try String(contentsOf: environ, encoding: .utf8).split(separator: "\0").map { String($0.prefix { $0 != "=" }) }
        #expect(names.contains("PYTHONPATH") && names.contains("PATH"))
        #expect(!names.contains { $0.hasPrefix("CHATTERBOX_") || $0.uppercased().contains("KEY") || $0.uppercased().contains("PASSWORD") }, "\(names)")
        await #expect { try await check.requireAvailable("chatterbox") } throws: {
            ($0 as? ChatterboxError)?.kind == .unavailable && ($0 as? ChatterboxError)?.code == .engineUnavailable
        }
    }
}

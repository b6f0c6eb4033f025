import Foundation

/// Runs a program and shows its output line by line as it comes (pip's progress, conda's plan),
/// keeping the last lines for a failure summary.
enum StreamingProcess {
    struct Result {
        var status: Int32
        /// The last lines of output (stdout and stderr together).
        var tail: [String]
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    workingDirectory: URL? = nil, console: SetupConsole) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            return Result(status: -1, tail: ["cannot run \(executable): \(error.localizedDescription)"])
        }
        var tail: [String] = []
        var pending = Data()
        let reader = pipe.fileHandleForReading
        func emit(_ line: String) {
            console.say("  │ " + line)
            tail = Array((tail + [line]).suffix(15))
        }
        while let chunk = try? reader.read(upToCount: 4096), !chunk.isEmpty {
            pending += chunk
            while let newline = pending.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[pending.index(after: newline)...])
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { emit(line) }
            }
        }
        if !pending.isEmpty { emit(String(decoding: pending, as: UTF8.self)) }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, tail: tail)
    }
}

import Foundation
import Testing

@testable import ChatterboxCore

@Suite("Process runner")
struct ProcessRunnerTests {
    @Test func aProgramThatEndsAtOnceIsSeenEnding() {
        // Had the end been missed, this would come back as a timeout after 30 s.
        for _ in 0..<20 {
            let output = ProcessRunner.run("/bin/echo", ["hello"], timeout: 30)
            #expect(!output.timedOut && output.status == 0 && output.stdout == "hello\n")
        }
    }

    @Test func aProgramOpenForWritingIsBusyAndRunsOnceClosed() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let program = folder.write("busy.sh", "#!/bin/sh\necho ran\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        let writer = open(program, O_WRONLY)
        try #require(writer >= 0)
        // What Process reports while another descriptor is open for writing: ETXTBSY, which the runner waits out.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        #expect { try process.run() } throws: { ProcessRunner.isBusy($0) }
        let held = ProcessRunner.run(program, [], timeout: 30)
        #expect(held.status == -1 && held.stderr.hasPrefix("cannot run"), "still open after every retry")
        close(writer)
        #expect(ProcessRunner.run(program, [], timeout: 30).stdout == "ran\n")
        #expect(!ProcessRunner.isBusy(CocoaError(.fileNoSuchFile)))
    }
}

import Foundation
import Logging
import Testing
@testable import ChatterboxCore

@Suite("Logging")
struct LoggingTests {
    let time = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    @Test func jsonLinesCarryTimeLevelLabelMessageMetadata() throws {
        let line = LogLineFormatter(json: true).format(time: time, level: .warning, label: "chatterbox.api", message: "slow \"request\"", metadata: ["id": "42"])
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        #expect(object["time"] as? String == "2023-11-14T22:13:20.000Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "chatterbox.api")
        #expect(object["message"] as? String == "slow \"request\"")
        #expect((object["metadata"] as? [String: Any])?["id"] as? String == "42")
        #expect(!line.contains("\n"))
    }

    @Test func textLines() {
        let line = LogLineFormatter(json: false).format(time: time, level: .info, label: "x", message: "hello", metadata: ["b": "2", "a": "1"])
        #expect(line == "2023-11-14T22:13:20.000Z INFO x: hello a=1 b=2")
    }

    @Test func dailyFilesAndRetention() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let sink = try LogFileSink(folder: folder.url.appendingPathComponent("logs"), daily: true, retentionDays: 3)
        let day: Double = 86_400
        sink.write("old", at: time.addingTimeInterval(-10 * day))
        sink.write("yesterday", at: time.addingTimeInterval(-day))
        sink.write("today", at: time)
        let names = try FileManager.default.contentsOfDirectory(atPath: sink.folder.path).sorted()
        #expect(names == ["chatterbox-2023-11-13.log", "chatterbox-2023-11-14.log"])  // the 10-day-old file expired
        #expect(try String(contentsOf: sink.fileURL(for: time), encoding: .utf8) == "today\n")
    }

    @Test func handlerFiltersFileByLevel() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let sink = try LogFileSink(folder: folder.url, daily: false, retentionDays: 1)
        var logger = Logger(label: "test") { label in
            ChatterboxLogHandler(label: label, level: .notice, consoleLevel: nil, formatter: LogLineFormatter(json: false), file: sink)
        }
        logger.logLevel = .trace
        logger.info("hidden")
        logger.error("shown")
        let text = try String(contentsOf: folder.file("chatterbox.log"), encoding: .utf8)
        #expect(text.contains("ERROR test: shown"))
        #expect(!text.contains("hidden"))
    }
}

import Foundation

/// Moves a folder-batch input once its job has ended: to `done/`, or to `failed/` with
/// `NAME.error.txt` holding the reason. Safe to repeat (a restart may see the same outcome again).
struct FolderOutcomes: Sendable {
    let inputFolder: URL

    func succeeded(_ job: Job) {
        move(job, to: "done")
    }

    func failed(_ job: Job, reason: String) {
        guard let name = move(job, to: "failed") else { return }
        let note = inputFolder.appendingPathComponent("failed").appendingPathComponent(name + ".error.txt")
        try? Data((reason + "\n").utf8).write(to: note, options: .atomic)
    }

    @discardableResult
    private func move(_ job: Job, to folderName: String) -> String? {
        guard let source = job.sourcePath, URL(fileURLWithPath: source).deletingLastPathComponent().standardizedFileURL.path
            == inputFolder.standardizedFileURL.path else { return nil }
        let name = URL(fileURLWithPath: source).lastPathComponent
        let folder = inputFolder.appendingPathComponent(folderName)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.moveItem(atPath: source, toPath: target.path)
        return name
    }
}

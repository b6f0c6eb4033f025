/// The name a user gives a voice they add: it becomes a file name in the voice folder, so only letters,
/// digits, `-`, `_` and `.` (not first), at most 100 characters — no paths, no hidden files.
public enum VoiceName {
    /// `name` when it is usable as is; otherwise `400 invalid_name` saying what is wrong.
    public static func checked(_ name: String, field: String = "name") throws -> String {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw ChatterboxError(.invalidName, message: "a voice needs a name", field: field)
        }
        guard trimmed.count <= 100 else {
            throw ChatterboxError(.invalidName, message: "a voice name is at most 100 characters", field: field)
        }
        guard trimmed.first != ".", trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ChatterboxError(.invalidName, message: "voice name '\(trimmed.prefix(60))' may only use letters, digits, '-', '_' and '.' (not first): no paths or hidden files",
                                  field: field)
        }
        return trimmed
    }
}

import Foundation

/// Where `chatterbox setup` talks to the user: lines out, answers in. The terminal in real use;
/// a script of answers in tests.
public final class SetupConsole: @unchecked Sendable {
    private let output: (String) -> Void
    private let input: () -> String?

    /// A console over the given functions.
    public init(output: @escaping (String) -> Void, input: @escaping () -> String?) {
        self.output = output
        self.input = input
    }

    /// Standard output and standard input.
    public static func terminal() -> SetupConsole {
        SetupConsole(output: { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }, input: { readLine(strippingNewline: true) })
    }

    /// Whether standard input is a terminal (setup is interactive only then).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Prints a line.
    public func say(_ line: String = "") {
        output(line + "\n")
    }

    /// Asks a question; an empty answer takes `defaultAnswer`. Nil when the input ended.
    public func ask(_ question: String, default defaultAnswer: String? = nil) -> String? {
        output(question + (defaultAnswer.map { " [\($0)]" } ?? "") + ": ")
        guard let answer = input() else {
            output("\n")
            return nil
        }
        let trimmed = answer.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? (defaultAnswer ?? "") : trimmed
    }

    /// Asks until `accept` returns a value (it returns nil and explains otherwise). Nil when the input ended.
    public func ask<T>(_ question: String, default defaultAnswer: String? = nil, accept: (String) -> T?) -> T? {
        while let answer = ask(question, default: defaultAnswer) {
            if let value = accept(answer) { return value }
        }
        return nil
    }

    /// Draws `lines` in a box with `title` on its top edge.
    public func box(_ title: String, _ lines: [String]) {
        let width = min(96, max(title.count + 4, lines.map(\.count).max() ?? 0))
        say("╭─ " + title + " " + String(repeating: "─", count: max(0, width - title.count - 1)) + "╮")
        for line in lines {
            let cut = line.count > width ? String(line.prefix(width - 1)) + "…" : line
            say("│ " + cut + String(repeating: " ", count: width - cut.count) + " │")
        }
        say("╰" + String(repeating: "─", count: width + 2) + "╯")
    }
}

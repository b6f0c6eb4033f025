import Foundation

/// A Python environment found on this machine, as `chatterbox env detect` reports it.
public struct PythonEnvironment: Sendable, Codable, Equatable {
    /// How the environment was made.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case venv, conda, miniconda, poetry, pipenv, pyenv, uv, system
    }

    /// Whether the interpreter answered.
    public enum Status: String, Sendable, Codable {
        case ok, broken
    }

    public var type: Kind
    /// Folder name, conda env name, or `system`.
    public var name: String
    /// The environment's folder (the interpreter's for `system`).
    public var path: String
    /// The interpreter.
    public var python: String
    /// `3.11.7`, asked of the interpreter; `nil` when it did not answer.
    public var pythonVersion: String?
    public var status: Status
    /// Why it is broken.
    public var reason: String?
    /// Which of the packages the Python engines need import here.
    public var packages: [String: Bool]
    /// Whether torch sees a CUDA device (`nil`: no torch).
    public var cuda: Bool?

    /// Creates a record.
    public init(type: Kind, name: String, path: String, python: String, pythonVersion: String?, status: Status, reason: String?,
                packages: [String: Bool], cuda: Bool?) {
        self.type = type
        self.name = name
        self.path = path
        self.python = python
        self.pythonVersion = pythonVersion
        self.status = status
        self.reason = reason
        self.packages = packages
        self.cuda = cuda
    }

    enum CodingKeys: String, CodingKey {
        case type, name, path, python, pythonVersion = "python_version", status, reason, packages, cuda
    }

    /// Writes every key, `null` included, so scripts can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(name, forKey: .name)
        try container.encode(path, forKey: .path)
        try container.encode(python, forKey: .python)
        try container.encode(pythonVersion, forKey: .pythonVersion)
        try container.encode(status, forKey: .status)
        try container.encode(reason, forKey: .reason)
        try container.encode(packages, forKey: .packages)
        try container.encode(cuda, forKey: .cuda)
    }

    /// Major and minor version, e.g. (3, 11).
    public var versionParts: (major: Int, minor: Int)? {
        let parts = (pythonVersion ?? "").split(separator: ".").compactMap { Int($0) }
        return parts.count >= 2 ? (parts[0], parts[1]) : nil
    }
}

/// One ranked suggestion of `env detect`.
public struct EnvironmentRecommendation: Sendable, Codable, Equatable {
    /// The environment to use, or `nil` for "create a new one".
    public var path: String?
    /// Why, in one sentence.
    public var reason: String
    /// Higher is better.
    public var score: Int

    enum CodingKeys: String, CodingKey { case path, reason, score }

    /// `path` is written as `null` for "create a new environment".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(reason, forKey: .reason)
        try container.encode(score, forKey: .score)
    }
}

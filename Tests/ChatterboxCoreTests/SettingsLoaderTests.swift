import Foundation
import Testing
@testable import ChatterboxCore

@Suite("Layered configuration")
struct SettingsLoaderTests {
    /// A working directory and a home directory, each possibly holding a config file.
    struct Layers {
        let folder = TemporaryFolder()
        var project: String { folder.path + "/project" }
        var home: String { folder.path + "/home" }

        init(project: String? = nil, user: String? = nil) {
            try! FileManager.default.createDirectory(atPath: folder.path + "/project", withIntermediateDirectories: true)
            if let project { folder.write("project/chatterbox.yaml", project) }
            if let user { folder.write("home/.config/chatterbox_tts/config.yaml", user) }
        }

        func load(_ environment: [String: String] = [:], configFile: String? = nil) async throws -> LoadedSettings {
            try await SettingsLoader(environment: environment, configFile: configFile, workingDirectory: project, homeDirectory: home).load()
        }
    }

    @Test func defaultsWhenNothingIsSet() async throws {
        let layers = Layers()
        defer { layers.folder.cleanup() }
        let loaded = try await layers.load()
        #expect(loaded.settings == Settings.defaults)
        #expect(loaded.settings.api.port == 2050)
        #expect(loaded.settings.monitoring.metricsPort == 8001)
        #expect(loaded.settings.directories.input == "./_jobs_input_dir")
        #expect(loaded.entries.allSatisfy { $0.source == .defaults })
    }

    @Test func eachLayerOverridesTheOneBelow() async throws {
        let layers = Layers(
            project: "api:\n  port: 3000\nprocessing:\n  max_text_length: 500\n",
            user: "api:\n  port: 4000\n  host: 0.0.0.0\nprocessing:\n  max_text_length: 700\nlogging:\n  level: debug\n")
        defer { layers.folder.cleanup() }
        let loaded = try await layers.load(["CHATTERBOX_API_PORT": "5000"])
        let settings = loaded.settings
        #expect(settings.api.port == 5000)                 // env beats both files
        #expect(settings.processing.maxTextLength == 500)  // project file beats user file
        #expect(settings.api.host == "0.0.0.0")            // user file beats default
        #expect(settings.logging.level == "debug")
        #expect(settings.jobs.maxAttempts == 3)            // default
        let sources = Dictionary(uniqueKeysWithValues: loaded.entries.map { ($0.key.name, $0.source.kind) })
        #expect(sources["api.port"] == "env")
        #expect(sources["processing.max_text_length"] == "project")
        #expect(sources["api.host"] == "user")
        #expect(sources["jobs.max_attempts"] == "default")
        #expect(loaded.entries.first { $0.key.name == "api.port" }?.source.origin == "CHATTERBOX_API_PORT")
    }

    @Test func environmentNamesFollowSectionAndKey() async throws {
        let layers = Layers()
        defer { layers.folder.cleanup() }
        let settings = try await layers.load([
            "CHATTERBOX_PROCESSING_MAX_TEXT_LENGTH": "1234", "CHATTERBOX_PROCESSING_FALLBACK": "espeak:en-us, espeak:de",
            "CHATTERBOX_MONITORING_ENABLED": "false", "CHATTERBOX_PROCESSING_SENTENCE_SILENCE": "0.5",
        ]).settings
        #expect(settings.processing.maxTextLength == 1234)
        #expect(settings.processing.fallback == ["espeak:en-us", "espeak:de"])
        #expect(settings.monitoring.enabled == false)
        #expect(settings.processing.sentenceSilence == 0.5)
    }

    @Test func explicitConfigFileReplacesProjectFileAndMustExist() async throws {
        let layers = Layers(project: "api:\n  port: 3000\n")
        defer { layers.folder.cleanup() }
        let other = layers.folder.write("other.yaml", "api:\n  port: 3100\n")
        #expect(try await layers.load(configFile: other).settings.api.port == 3100)
        await #expect(throws: SettingsError.self) { try await layers.load(configFile: layers.folder.path + "/missing.yaml") }
    }

    @Test func badValuesNameKeyValueAndWhatIsAllowed() async throws {
        let layers = Layers(project: "api:\n  port: 70000\nlogging:\n  level: loud\nprocessing:\n  output_format: aac\n")
        defer { layers.folder.cleanup() }
        do {
            _ = try await layers.load(["CHATTERBOX_JOBS_MAX_ATTEMPTS": "many"])
            Issue.record("invalid settings accepted")
        } catch let error as SettingsError {
            let text = error.description
            #expect(error.problems.count == 4)
            #expect(text.contains("api.port: '70000' is not allowed; expected an integer from 1 to 65535"))
            #expect(text.contains("logging.level: 'loud'"))
            #expect(text.contains("processing.output_format: 'aac'"))
            #expect(text.contains("jobs.max_attempts: 'many' is not an integer"))
            #expect(text.contains("CHATTERBOX_JOBS_MAX_ATTEMPTS"))
        }
    }

    /// Local Chatterbox weights per model; a model that does not exist is refused, naming the ones that do.
    @Test func chatterboxWeightsNameTheirModels() async throws {
        let layers = Layers(project: "engines:\n  chatterbox_weights: [chatterbox=/models/cb, chatterbox-turbo=./turbo]\n")
        defer { layers.folder.cleanup() }
        let loaded = try await layers.load()
        #expect(loaded.settings.engines.chatterboxWeights == ["chatterbox": "/models/cb", "chatterbox-turbo": "./turbo"])
        do {
            _ = try await layers.load(["CHATTERBOX_ENGINES_CHATTERBOX_WEIGHTS": "chatterbox-v2=/x"])
            Issue.record("an unknown model accepted")
        } catch let error as SettingsError {
            #expect(error.description.contains("chatterbox, chatterbox-multilingual, chatterbox-turbo"))
        }
    }

    @Test func unknownKeysAreRejectedWithASuggestion() async throws {
        let layers = Layers(project: "processing:\n  max_text_lenght: 10\n")
        defer { layers.folder.cleanup() }
        do {
            _ = try await layers.load()
            Issue.record("typo accepted")
        } catch let error as SettingsError {
            #expect(error.description.contains("processing.max_text_lenght: unknown key; did you mean processing.max_text_length?"))
        }
    }

    /// Keys an earlier release had and nothing reads any more load with a warning: an upgrade does not stop a server.
    @Test func retiredKeysWarnAndAreIgnored() async throws {
        let layers = Layers(project: "directories:\n  temp: ./_temp\nmonitoring:\n  health_check_interval: 30\n")
        defer { layers.folder.cleanup() }
        let loaded = try await layers.load()
        #expect(loaded.settings == Settings.defaults)
        #expect(loaded.warnings.count == 2 && loaded.warnings.allSatisfy { $0.contains("is no longer read") })
        #expect(loaded.warnings.contains { $0.hasPrefix("directories.temp") } && loaded.warnings.contains { $0.hasPrefix("monitoring.health_check_interval") })
    }

    @Test func emptyAndCommentOnlyFilesAreFine() async throws {
        let layers = Layers(project: "# nothing here yet\n", user: "")
        defer { layers.folder.cleanup() }
        #expect(try await layers.load().settings == Settings.defaults)
    }

    @Test func malformedYAMLIsAProblemNotACrash() async throws {
        let layers = Layers(project: "api: [unclosed\n")
        defer { layers.folder.cleanup() }
        await #expect(throws: SettingsError.self) { try await layers.load() }
    }

    @Test func metricsPortMustDifferFromAPIPort() async throws {
        let layers = Layers()
        defer { layers.folder.cleanup() }
        await #expect(throws: SettingsError.self) { try await layers.load(["CHATTERBOX_MONITORING_METRICS_PORT": "2050"]) }
    }

    @Test func unknownEnvironmentVariablesWarn() async throws {
        let layers = Layers()
        defer { layers.folder.cleanup() }
        let loaded = try await layers.load(["CHATTERBOX_API_PROT": "1"])
        #expect(loaded.warnings == ["environment variable CHATTERBOX_API_PROT is not a configuration key; ignored"])
    }

    @Test func shippedConfigFileIsValidAndEqualsDefaults() async throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../chatterbox.yaml").standardizedFileURL
        let layers = Layers()
        defer { layers.folder.cleanup() }
        #expect(try await layers.load(configFile: shipped.path).settings == Settings.defaults)
    }

    @Test func secretsAreMaskedForDisplay() async throws {
        let layers = Layers()
        defer { layers.folder.cleanup() }
        let loaded = try await layers.load(["CHATTERBOX_API_API_KEYS": "k1,k2"])
        #expect(loaded.settings.api.apiKeys == ["k1", "k2"])
        let entry = loaded.entries.first { $0.key.name == "api.api_keys" }!
        #expect(LoadedSettings.display(entry) == .strings(["***", "***"]))
    }
}

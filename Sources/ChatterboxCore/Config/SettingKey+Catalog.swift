extension SettingKey {
    /// Keys earlier releases had and nothing reads any more: a file that still sets one loads with a warning, not
    /// an error, so an upgrade does not stop a server.
    public static let retired: [String: String] = [
        "directories.temp": "temporary files go beside what they become, so a rename completes them",
        "monitoring.health_check_interval": "health is checked when /health is asked",
    ]

    /// Every key the product reads, in display order.
    public static let all: [SettingKey] = [
        int("api.port", 2050, 1...65535, "TCP port of the HTTP API"),
        string("api.host", "127.0.0.1", "address the API listens on (0.0.0.0 for all interfaces)") { !$0.isEmpty },
        int("api.workers", 0, 0...256, "HTTP event-loop threads; 0 means one per CPU core"),
        strings("api.cors_origins", [], "origins allowed by CORS; * allows any"),
        strings("api.allowed_hosts", [], "Host names accepted besides localhost and loopback addresses when listening on loopback (DNS-rebinding protection), and the only ones accepted elsewhere when set; * accepts any"),
        strings("api.api_keys", [], "API keys; when set, every route but /health and /ready needs one", secret: true),
        int("api.rate_limit", 300, 0...1_000_000, "requests that make work (POST, DELETE) per minute per client (API key or address), reads (GET) 20 times as many; 0 turns the limit off"),
        int("api.rate_burst", 30, 1...1_000_000, "requests a client may send at once before the per-minute rate applies"),
        int("api.max_body_bytes", 2_000_000, 1024...1_000_000_000, "largest accepted request body (JSON or uploaded text file), in bytes"),
        int("api.speech_concurrency", 2, 1...64, "direct /v1/audio/speech syntheses running at once; more wait their turn"),
        int("api.speech_per_client", 4, 1...64, "direct syntheses one client (API key, else address) may run or wait for at once; more get 429"),
        int("api.write_timeout_seconds", 30, 1...3600, "a client that reads nothing of a response for this long is dropped and its synthesis stopped"),
        int("api.idle_timeout_seconds", 30, 1...3600, "a connection that completes no request for this long (slow or stalled headers included) is closed"),
        strings("api.voice_aliases", ["alloy=piper:en_US-joe-medium", "echo=piper:en_US-joe-medium", "fable=piper:en_US-joe-medium",
                                       "onyx=piper:en_US-joe-medium", "nova=piper:en_US-joe-medium", "shimmer=piper:en_US-joe-medium",
                                       "ash=piper:en_US-joe-medium", "ballad=piper:en_US-joe-medium", "coral=piper:en_US-joe-medium",
                                       "sage=piper:en_US-joe-medium", "verse=piper:en_US-joe-medium", "marin=piper:en_US-joe-medium",
                                       "cedar=piper:en_US-joe-medium"],
                "OpenAI voice names and the installed voice each speaks with, NAME=engine:name",
                allowed: "a list of NAME=engine:name", check: { $0.stringsValue.allSatisfy { Settings.API.parseAlias($0) != nil } }),

        string("processing.model", "piper:en_US-joe-medium", "default voice id, engine:name", allowed: "a voice id engine:name") { isVoiceID(.string($0)) },
        int("processing.batch_size", 1, 1...16, "chunks synthesised concurrently ahead of the writer"),
        int("processing.max_text_length", 100_000, 1...5_000_000, "longest accepted text, in characters"),
        string("processing.output_format", "wav", "default audio format",
               allowed: AudioFormat.allCases.map(\.rawValue).joined(separator: ", ")) { AudioFormat(name: $0) != nil },
        int("processing.sample_rate", 0, 0...192_000, "output sample rate in Hz; 0 keeps the voice's own rate",
            extra: { $0 == 0 || $0 >= 1000 }, allowed: "0 or 1000-192000"),
        int("processing.mp3_bitrate", 64, 8...320, "MP3 bit rate in kbps (constant; LAME rounds to its nearest rate)"),
        int("processing.opus_bitrate", 48, 6...256, "Opus bit rate in kbps"),
        double("processing.sentence_silence", 0.2, 0...5, "seconds of silence between sentences"),
        bool("processing.early_first_audio", true,
             "streams split a long first sentence at a clause so audio starts before the whole sentence is rendered"),
        double("processing.clause_silence", 0.35, 0...5, "seconds of silence where a split first sentence joins (a comma's pause)"),
        strings("processing.fallback", ["piper:en_US-joe-medium", "espeak:en-us"], "voices tried in order when the chosen one fails",
                allowed: "a list of voice ids engine:name", check: { $0.stringsValue.allSatisfy { isVoiceID(.string($0)) } }),

        int("processing.max_loaded_models", 2, 1...64, "neural voices kept in memory at once (least recently used unloads first)"),
        int("processing.idle_unload_seconds", 600, 0...86_400, "unload a neural voice unused this long; 0 never"),
        int("processing.threads", 0, 0...256, "ONNX Runtime threads per model call; 0 means one per CPU core"),
        bool("processing.use_gpu", true, "run neural voices on CUDA when the ONNX Runtime library offers it"),

        path("directories.input", "./_jobs_input_dir", "folder watched for text files to speak"),
        path("directories.output", "./_jobs_output_dir", "folder the folder batch writes audio to"),
        path("directories.logs", "./logs", "log files"),
        path("directories.data", "./_data", "job store, checkpoints, installed voices"),
        path("directories.voices", "./_data/voices", "user-installed voices (searched before the system folder)"),
        path("directories.lexicons", "./lexicons", "pronunciation lexicons (NAME.yaml, NAME.pls), reloaded when they change"),

        int("voices.max_upload_bytes", 300_000_000, 1024...10_000_000_000,
            "largest voice upload (POST /voices: a Piper model with its config, a reference clip or a speaker embedding), in bytes"),
        string("voices.catalog_url", "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/voices.json",
               "catalog of Piper voices (piper's voices.json format; a URL or a file) for `voices search` and `voices install NAME`",
               allowed: "an http(s) URL or a file path") { !$0.isEmpty },

        string("logging.level", "info", "least severe level logged",
               allowed: "trace, debug, info, notice, warning, error, critical") { LogLevelName.parse($0) != nil },
        string("logging.format", "text", "log line format", allowed: "text, json") { ["text", "json"].contains($0) },
        string("logging.rotation", "daily", "start a new log file each day, or never", allowed: "daily, never") { ["daily", "never"].contains($0) },
        int("logging.retention", 30, 1...3650, "days to keep rotated log files"),

        bool("monitoring.enabled", true, "serve Prometheus metrics"),
        int("monitoring.metrics_port", 8001, 1...65535, "TCP port of the metrics listener"),

        string("jobs.store", "sqlite", "job store: sqlite, sqlite:PATH or postgres://user@host:port/db",
               allowed: "sqlite, sqlite:PATH, postgres://...") { $0 == "sqlite" || $0.hasPrefix("sqlite:") || $0.hasPrefix("postgres://") || $0.hasPrefix("postgresql://") },
        string("jobs.store_password", "", "the PostgreSQL password when jobs.store's URL has none (prefer the environment variable)",
               allowed: "a password, or empty", secret: true) { _ in true },
        path("jobs.store_password_file", "", "a file whose first line is the PostgreSQL password (when neither the URL nor jobs.store_password has one)",
             allowed: "a file path, or empty") { !$0.contains("\0") },
        int("jobs.max_attempts", 3, 1...100, "attempts before a job fails for good"),
        int("jobs.concurrency", 1, 1...64, "jobs run at once on this node"),
        int("jobs.retention", 7, 1...3650, "days to keep finished jobs and their audio"),
        int("jobs.lease_seconds", 30, 2...3600, "a running job's lease; another node takes the job when it expires"),
        int("jobs.min_free_disk_mb", 200, 0...1_000_000,
            "below this much free disk (MB) in the data folder, running jobs pause at a checkpoint and new work is refused with 507"),
        strings("jobs.engine_limits", [], "most jobs of one engine running at once across nodes, e.g. piper=1",
                allowed: "a list of ENGINE=N", check: { $0.stringsValue.allSatisfy { Settings.Jobs.parseLimit($0) != nil } }),

        string("engines.onnxruntime_library", "/usr/local/lib/chatterbox_tts/libonnxruntime.so",
               "ONNX Runtime shared library for Piper voices") { !$0.isEmpty },
        string("engines.espeak_library", EspeakLibraryLocation.defaultPath,
               "libespeak-ng the espeak-ng helpers load: 1.52 (what Piper voices were trained with, installed by scripts/install.sh); "
                   + "when missing or empty, the system's libespeak-ng",
               allowed: "a library path, or empty") { !$0.contains("\0") },
        string("engines.python", "", "Python interpreter hosting the Python engines (chatterbox, speecht5, piper-py); empty turns them off; `chatterbox setup` sets it",
               allowed: "an interpreter path, or empty") { !$0.contains("\0") },
        string("engines.python_worker", "", "folder holding the chatterbox_worker package; empty finds it beside the binary or in /usr/local/share/chatterbox_tts/python",
               allowed: "a folder path, or empty") { !$0.contains("\0") },
        int("engines.python_idle_seconds", 300, 0...86_400, "stop a Python worker unused this long; 0 never"),
        strings("engines.chatterbox_weights", [],
                "local Chatterbox weights, MODEL=FOLDER (MODEL: chatterbox, chatterbox-multilingual, chatterbox-turbo): loaded with from_local, the hub never reached; unset models download from Hugging Face on first use",
                allowed: "a list of MODEL=FOLDER, MODEL one of chatterbox, chatterbox-multilingual, chatterbox-turbo",
                check: { $0.stringsValue.allSatisfy { Settings.Engines.parseWeights($0) != nil } }),
        int("engines.python_timeout_seconds", 600, 1...86_400, "longest one chunk's Python synthesis may take before its worker is restarted (starting a worker or loading a model gets at least 120 s)"),

        bool("wyoming.enabled", true, "serve the Wyoming protocol (Home Assistant) beside the HTTP API"),
        string("wyoming.host", "", "address the Wyoming listener binds; empty = api.host", allowed: "an address, or empty") { !$0.contains(" ") },
        int("wyoming.port", 10200, 1...65535, "TCP port of the Wyoming listener (10200, as Home Assistant users know it from Piper)"),
        int("wyoming.samples_per_chunk", 1024, 64...65_536, "audio samples per Wyoming audio-chunk event"),
        strings("wyoming.voices", [], "voice ids advertised over Wyoming; empty = every installed voice",
                allowed: "a list of voice ids engine:name", check: { $0.stringsValue.allSatisfy { $0.contains(":") } }),
        string("wyoming.zeroconf", "", "instance name advertised as _wyoming._tcp through Avahi; empty = no discovery",
               allowed: "a name, or empty") { $0.count <= 63 },
        strings("wyoming.allowed_clients", [], "client address ranges (CIDR) allowed when not bound to loopback; empty = any",
                allowed: "a list of CIDR ranges", check: { $0.stringsValue.allSatisfy { CIDRRange($0) != nil } }),
        int("wyoming.idle_timeout_seconds", 300, 5...86_400, "close a Wyoming connection silent in both directions this long"),
    ]

    /// The key named `name`.
    public static func named(_ name: String) -> SettingKey? {
        all.first { $0.name == name }
    }

    public static func isVoiceID(_ value: SettingValue) -> Bool {
        VoiceID.parse(value.stringValue) != nil
    }

    private static func int(_ name: String, _ value: Int, _ range: ClosedRange<Int>, _ summary: String,
                            extra: @escaping @Sendable (Int) -> Bool = { _ in true }, allowed: String? = nil) -> SettingKey {
        SettingKey(name: name, kind: .int, defaultValue: .int(value), allowed: allowed ?? "an integer from \(range.lowerBound) to \(range.upperBound)",
                   summary: summary, isSecret: false) { range.contains($0.intValue) && extra($0.intValue) }
    }

    private static func double(_ name: String, _ value: Double, _ range: ClosedRange<Double>, _ summary: String) -> SettingKey {
        SettingKey(name: name, kind: .double, defaultValue: .double(value), allowed: "a number from \(range.lowerBound) to \(range.upperBound)",
                   summary: summary, isSecret: false) { range.contains($0.doubleValue) }
    }

    private static func bool(_ name: String, _ value: Bool, _ summary: String) -> SettingKey {
        SettingKey(name: name, kind: .bool, defaultValue: .bool(value), allowed: "true or false", summary: summary, isSecret: false) { _ in true }
    }

    private static func string(_ name: String, _ value: String, _ summary: String, allowed: String = "a non-empty string", secret: Bool = false,
                               check: @escaping @Sendable (String) -> Bool) -> SettingKey {
        SettingKey(name: name, kind: .string, defaultValue: .string(value), allowed: allowed, summary: summary, isSecret: secret) { check($0.stringValue) }
    }

    private static func path(_ name: String, _ value: String, _ summary: String, allowed: String = "a folder path",
                             check: @escaping @Sendable (String) -> Bool = { !$0.isEmpty && !$0.contains("\0") }) -> SettingKey {
        string(name, value, summary, allowed: allowed, check: check)
    }

    private static func strings(_ name: String, _ value: [String], _ summary: String, secret: Bool = false,
                                allowed: String = "a list of strings",
                                check: @escaping @Sendable (SettingValue) -> Bool = { _ in true }) -> SettingKey {
        SettingKey(name: name, kind: .strings, defaultValue: .strings(value), allowed: allowed, summary: summary, isSecret: secret, check: check)
    }
}

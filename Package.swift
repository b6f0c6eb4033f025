// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "chatterbox-tts",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chatterbox", targets: ["chatterbox"]),
        .library(name: "ChatterboxCore", targets: ["ChatterboxCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
    ],
    targets: [
        .systemLibrary(name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "COnnxRuntime"),
        .target(
            name: "ChatterboxCore",
            dependencies: [
                "CEspeakNG", "CSndFile", "CSoxr", "COnnxRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ChatterboxWorker",
            dependencies: [
                "ChatterboxCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "ChatterboxSetup",
            dependencies: [
                "ChatterboxCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ChatterboxAPI",
            dependencies: [
                "ChatterboxCore", "ChatterboxWorker", "ChatterboxWyoming",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "ChatterboxWyoming",
            dependencies: [
                "ChatterboxCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(
            name: "chatterbox",
            dependencies: [
                "ChatterboxAPI", "ChatterboxCore", "ChatterboxSetup", "ChatterboxWorker", "ChatterboxWyoming",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "piper-bench", dependencies: ["ChatterboxCore"], path: "bench/PiperBench"),
        .executableTarget(name: "text-bench", dependencies: ["ChatterboxCore"], path: "bench/TextBench"),
        .testTarget(name: "ChatterboxCoreTests", dependencies: ["ChatterboxCore"]),
        .testTarget(name: "ChatterboxSetupTests", dependencies: ["ChatterboxSetup"]),
        .testTarget(name: "ChatterboxWorkerTests", dependencies: ["ChatterboxWorker"]),
        .testTarget(
            name: "ChatterboxWyomingTests",
            dependencies: ["ChatterboxWyoming", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "ChatterboxAPITests",
            dependencies: [
                "ChatterboxAPI", "ChatterboxWorker", "ChatterboxWyoming",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)

// The libFuzzer target over the text path, only in fuzzing builds (it has no main of its own):
// TEXT_FUZZ=1 swift build --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library --product text-fuzz
if Context.environment["TEXT_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "text-fuzz", dependencies: ["ChatterboxCore"], path: "Tests/fuzz/TextFuzz"))
}

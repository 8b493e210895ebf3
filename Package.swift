// swift-tools-version: 6.0
import PackageDescription

import class Foundation.ProcessInfo

/// Settings shared by every target: Swift 6 language mode with complete concurrency checking.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "hyperscope",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Hyperscope", targets: ["Hyperscope"]),
        .library(name: "HyperscopeDashboard", targets: ["HyperscopeDashboard"]),
        .executable(name: "hyperscope", targets: ["hyperscope"]),
        .executable(name: "example-trainer", targets: ["example-trainer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The platform's C library, re-exported so a file needs one import instead of a conditional block.
        .target(name: "SystemLibC", swiftSettings: swiftSettings),
        .target(name: "HyperscopeCore", dependencies: ["SystemLibC"], swiftSettings: swiftSettings),
        .target(
            name: "HyperscopeStore",
            dependencies: [
                "HyperscopeCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HyperscopeIngest",
            dependencies: [
                "SystemLibC", "HyperscopeCore", "HyperscopeStore", .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HyperscopeAnalysis", dependencies: ["SystemLibC", "HyperscopeCore"], swiftSettings: swiftSettings),
        .target(
            name: "HyperscopeSearch",
            dependencies: [
                "SystemLibC", "HyperscopeCore", "HyperscopeAnalysis", "HyperscopeStore", "HyperscopeIngest",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HyperscopeReport", dependencies: ["SystemLibC", "HyperscopeCore", "HyperscopeAnalysis"],
            swiftSettings: swiftSettings),
        .target(
            name: "HyperscopeServer",
            dependencies: [
                "SystemLibC", "HyperscopeCore", "HyperscopeStore", "HyperscopeAnalysis", "HyperscopeReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Hyperscope",
            dependencies: [
                "HyperscopeCore", "HyperscopeStore", "HyperscopeIngest", "HyperscopeAnalysis", "HyperscopeSearch",
                "HyperscopeReport",
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HyperscopeDashboard", dependencies: ["Hyperscope", "HyperscopeServer"], swiftSettings: swiftSettings),
        .target(name: "ExampleTrainer", path: "Examples/ExampleTrainer", swiftSettings: swiftSettings),
        .executableTarget(
            name: "example-trainer",
            dependencies: ["ExampleTrainer"],
            path: "Examples/example-trainer",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hyperscope",
            dependencies: [
                "SystemLibC", "HyperscopeDashboard", "ExampleTrainer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport", dependencies: ["HyperscopeCore"], path: "Tests/TestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperscopeCoreTests", dependencies: ["HyperscopeCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperscopeStoreTests", dependencies: ["HyperscopeStore", "TestSupport"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HyperscopeIngestTests",
            dependencies: ["HyperscopeIngest", "HyperscopeStore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HyperscopeAnalysisTests", dependencies: ["HyperscopeAnalysis", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperscopeSearchTests", dependencies: ["HyperscopeSearch", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperscopeReportTests", dependencies: ["HyperscopeReport", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HyperscopeServerTests", dependencies: ["HyperscopeServer", "HyperscopeStore", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "ArchitectureTests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "hyperscopeTests", dependencies: ["hyperscope", "TestSupport"], swiftSettings: swiftSettings),
        // Property-based fuzzing of every parser; `.ci/run` runs it again with a larger budget.
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "HyperscopeCore", "HyperscopeIngest", "HyperscopeStore", "HyperscopeAnalysis", "HyperscopeSearch",
                "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Benchmarks build only when asked (Benchmarks/*/run.sh set this), so `swift build` and `swift test` stay lean.
if ProcessInfo.processInfo.environment["HYPERSCOPE_BENCHMARKS"] != nil {
    package.products.append(.executable(name: "sampler-benchmark", targets: ["sampler-benchmark"]))
    package.targets.append(
        .executableTarget(
            name: "sampler-benchmark", dependencies: ["Hyperscope"], path: "Benchmarks/samplers/SamplerBenchmark",
            swiftSettings: swiftSettings))
}

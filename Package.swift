// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Paperboy",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "paperboy", targets: ["paperboy"]),
        .library(name: "PaperboyCore", targets: ["PaperboyCore"]),
        .library(name: "PaperboySQLite", targets: ["PaperboySQLite"]),
        .library(name: "PaperboyMemoryStore", targets: ["PaperboyMemoryStore"]),
        .library(name: "PaperboyPostgres", targets: ["PaperboyPostgres"]),
        .library(name: "PaperboySearch", targets: ["PaperboySearch"]),
        .library(name: "PaperboyVectors", targets: ["PaperboyVectors"]),
        .library(name: "PaperboyServer", targets: ["PaperboyServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // zlib, for reading .gz files as a stream.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "PaperboyCore",
            dependencies: [
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ]
        ),
        .target(
            name: "PaperboySQLite",
            dependencies: [
                "PaperboyCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The scale-out store: every store protocol on PostgreSQL (postgres-nio), for several
        // servers on one database.
        .target(
            name: "PaperboyPostgres",
            dependencies: [
                "PaperboyCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Search in every mode: the keyword index with block-max pruning (derived data beside
        // the store, caught up from its change sequence) and the orchestration of keyword,
        // semantic and hybrid search.
        .target(
            name: "PaperboySearch",
            dependencies: ["PaperboyCore", "PaperboyEmbed", "PaperboyVectors", .product(name: "Logging", package: "swift-log")],
            // No runtime exclusivity checks: the posting cursors' state is touched in the
            // hottest loop of keyword search (a root package may use unsafe flags).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // The approximate vector index (HNSW over int8 vectors): derived data beside the store.
        .target(
            name: "PaperboyVectors",
            dependencies: ["CPrefetch"]
        ),
        // The CPU's prefetch hint, which Swift lacks, for the graph walk.
        .target(name: "CPrefetch"),
        // The in-memory store: every store protocol on plain values, for tests and demos.
        .target(
            name: "PaperboyMemoryStore",
            dependencies: ["PaperboyCore"]
        ),
        .target(
            name: "PaperboyServer",
            dependencies: [
                "PaperboyCore",
                "PaperboyMail",
                "PaperboyFetch",
                "PaperboyEmbed",
                "PaperboySearch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")]
        ),
        // Mail: the SMTP client (SwiftNIO, STARTTLS), the Maildir outbox and digest delivery.
        .target(
            name: "PaperboyMail",
            dependencies: [
                "PaperboyCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Fetchers: arXiv OAI-PMH, arXiv API and Hugging Face, over a polite HTTP client.
        .target(
            name: "PaperboyFetch",
            dependencies: [
                "PaperboyCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Semantic search: the all-MiniLM-L6-v2 encoder in Swift.
        .target(
            name: "PaperboyEmbed",
            dependencies: ["PaperboyCore", "PaperboyVectors", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "paperboy",
            dependencies: [
                "PaperboyCore",
                "PaperboySQLite",
                "PaperboyPostgres",
                "PaperboyServer",
                "PaperboyMail",
                "PaperboyFetch",
                "PaperboyEmbed",
                "PaperboySearch",
                "PaperboyVectors",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Fuzz targets (one per parser and escape), run by libFuzzer (scripts/fuzz.sh) and
        // by the regression tests.
        .target(
            name: "PaperboyFuzzTargets",
            dependencies: ["PaperboyCore", "PaperboySQLite", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(name: "paperboy-fuzz", dependencies: ["PaperboyFuzzTargets"]),
        // Helpers shared by the test targets.
        .target(
            name: "PaperboyTestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Tests/PaperboyTestSupport"
        ),
        .testTarget(
            name: "PaperboyCoreTests",
            dependencies: ["PaperboyCore", "PaperboyTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PaperboySearchTests",
            dependencies: ["PaperboyCore", "PaperboySearch", "PaperboySQLite", "PaperboyMemoryStore", "PaperboyTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PaperboyVectorsTests",
            dependencies: ["PaperboyVectors", "PaperboyTestSupport"]
        ),
        .testTarget(
            name: "PaperboyStoreTests",
            dependencies: [
                "PaperboyCore", "PaperboySQLite", "PaperboyMemoryStore", "PaperboyPostgres", "PaperboyTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "PaperboyServerTests",
            dependencies: [
                "PaperboyCore", "PaperboySQLite", "PaperboyServer", "PaperboyMail", "PaperboyEmbed", "PaperboyTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "PaperboyMailTests",
            dependencies: ["PaperboyCore", "PaperboyMail", "PaperboySQLite", "PaperboyMemoryStore", "PaperboyTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PaperboyFetchTests",
            dependencies: ["PaperboyCore", "PaperboyFetch", "PaperboyMemoryStore", "PaperboyTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PaperboyEmbedTests",
            dependencies: ["PaperboyCore", "PaperboyEmbed", "PaperboyMemoryStore", "PaperboyTestSupport"]
        ),
        .testTarget(
            name: "PaperboyFuzzTargetsTests",
            dependencies: ["PaperboyFuzzTargets", "PaperboyTestSupport"],
            exclude: ["Findings"]
        ),
        .testTarget(
            name: "PaperboyCLITests",
            dependencies: [
                "paperboy", "PaperboyCore", "PaperboySQLite", "PaperboyPostgres", "PaperboyTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)

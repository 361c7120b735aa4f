// swift-tools-version:6.1
import Foundation
import PackageDescription

// CI builds the project's own targets with warnings as errors (INCIDENT_STRICT=1,
// set by .ci/run); dependencies keep their warnings to themselves.
let strict: [SwiftSetting] = ProcessInfo.processInfo.environment["INCIDENT_STRICT"] == nil ? [] : [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "incident",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "IncidentKit", targets: ["IncidentKit"]),
        .executable(name: "incident", targets: ["incident"]),
        // The web board: a separate binary, so `incident` never links the server.
        .executable(name: "incident-serve", targets: ["incident-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Turns Runbooks/ and Templates/ into Swift source, so that one binary
        // copied onto an offline laptop carries the default runbooks and templates.
        .executableTarget(name: "embed-resources", path: "Sources/embed-resources"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["embed-resources"]
        ),
        .target(
            name: "IncidentKit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                // The inline stylesheet's hash in the Content-Security-Policy.
                .product(name: "Crypto", package: "swift-crypto"),
                // Event streams end on graceful shutdown (cancelOnGracefulShutdown).
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "incident",
            dependencies: [
                "IncidentKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The web board's router, middleware and pages (tests build the router from it).
        .target(
            name: "IncidentBoard",
            dependencies: [
                "IncidentKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                // Event streams end on graceful shutdown (cancelOnGracefulShutdown).
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            // Board/ (page templates, stylesheet) travels inside the binary.
            plugins: ["EmbedResources"]
        ),
        // `incident-serve`: parses its options, prints the address, runs the board.
        .executableTarget(
            name: "incident-serve",
            dependencies: [
                "IncidentBoard",
                "IncidentKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Prints the speed figures of issue "Instant at any size" (scripts/bench.sh).
        .executableTarget(
            name: "incident-bench",
            // GRDB: the board benchmark's baseline, one durable insert in process.
            dependencies: ["IncidentKit", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/IncidentBench",
            swiftSettings: strict
        ),
        .testTarget(
            name: "IncidentKitTests",
            dependencies: ["IncidentKit", .product(name: "PropertyBased", package: "swift-property-based"), .product(name: "GRDB", package: "GRDB.swift")],
            // Read through #filePath: the profile fixture and the reviewed report snapshots.
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IncidentCLITests",
            dependencies: ["incident", "IncidentKit", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IncidentServeTests",
            dependencies: [
                "IncidentBoard",
                "IncidentKit",
                // Run as built by the end-to-end tests.
                "incident-serve",
                "incident",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
    ]
)

// swift-tools-version: 6.1
// The benchmarks live in their own package so that the main build does not pay for
// ordo-one/benchmark. Run them with `make bench` (or `swift package benchmark` in this folder).
import Foundation
import PackageDescription

/// The main package's identity is its folder's name (`mi50fan` in a clone of that name).
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "mi50fan-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ControlBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MI50FanKit", package: parent),
            ],
            path: "Benchmarks/ControlBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TickSyscalls",
            dependencies: [.product(name: "MI50FanKit", package: parent)],
            path: "Benchmarks/TickSyscalls"
        ),
    ],
    swiftLanguageModes: [.v6]
)

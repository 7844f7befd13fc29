// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "mi50fan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mi50fan", targets: ["mi50fan"]),
        .library(name: "FanControl", targets: ["FanControl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        /// Pure control logic: no I/O, no clock, no Foundation.
        .target(name: "FanControl"),
        /// Reading and writing config and curve files (YAML through Yams, atomic writes).
        .target(name: "ConfigFiles", dependencies: ["FanControl", "Yams"]),
        .executableTarget(
            name: "mi50fan",
            dependencies: [
                "FanControl", "ConfigFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FanControlTests", dependencies: ["FanControl"]),
        .testTarget(name: "ConfigFilesTests", dependencies: ["ConfigFiles", "FanControl"]),
        .testTarget(name: "mi50fanTests", dependencies: ["mi50fan"]),
    ],
    swiftLanguageModes: [.v6]
)

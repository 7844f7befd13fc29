// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "mi50fan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mi50fan", targets: ["mi50fan"]),
        .library(name: "FanControl", targets: ["FanControl"]),
        .library(name: "MI50FanKit", targets: ["FanControl", "JSONText", "ConfigFiles", "Hardware", "StatusSchema", "Service", "Simulator", "SimulationHarness", "Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        /// Pure control logic: no I/O, no clock, no Foundation.
        .target(name: "FanControl"),
        /// The one way to write JSON: pretty, keys sorted, field by field or from `Encodable`.
        .target(name: "JSONText"),
        /// Reading and writing config and curve files (YAML through Yams, atomic writes).
        .target(name: "ConfigFiles", dependencies: ["FanControl", "JSONText", "Yams", .product(name: "Subprocess", package: "swift-subprocess")]),
        /// libsensors, the lm-sensors library (Debian: libsensors-dev).
        .systemLibrary(name: "CSensors", providers: [.apt(["libsensors-dev"])]),
        /// libgpiod (Debian: libgpiod-dev), 1.6 or 2.x.
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        /// A small C shim over the libgpiod 1.6 and 2.x APIs.
        .target(name: "GPIOShim", dependencies: ["CGPIOD"]),
        /// Everything that touches the machine, always through a `SysfsRoot`.
        .target(
            name: "Hardware",
            dependencies: ["FanControl", "CSensors", "GPIOShim", .product(name: "SystemPackage", package: "swift-system")]
        ),
        /// A virtual MI50 that writes the sysfs tree a real card presents.
        .target(name: "Simulator", dependencies: ["Hardware", "ConfigFiles", "FanControl"]),
        /// The service's control loop run against the virtual MI50 on a virtual clock.
        .target(name: "SimulationHarness", dependencies: ["Simulator", "Service", "Hardware", "ConfigFiles", "FanControl"]),
        /// The status file's format, shared by the service that writes it and the tools that read it.
        .target(name: "StatusSchema"),
        /// The daemon: control loop, systemd notify and watchdog, reload, status, metrics.
        .target(
            name: "Service",
            dependencies: [
                "FanControl", "Hardware", "ConfigFiles", "StatusSchema", "JSONText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        /// Stress and benchmark runs: telemetry sampler, throttle log, inference timings, reports.
        .target(name: "Bench", dependencies: ["FanControl", "Hardware", "ConfigFiles", "StatusSchema", "JSONText", "Yams",
                                       .product(name: "Subprocess", package: "swift-subprocess"),
                                       .product(name: "SystemPackage", package: "swift-system")]),
        .executableTarget(
            name: "mi50fan",
            dependencies: [
                "FanControl", "ConfigFiles", "Hardware", "Simulator", "SimulationHarness", "Service", "StatusSchema", "Bench", "JSONText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// Helpers the test targets share (a stand-in systemd notify socket).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FanControlTests", dependencies: ["FanControl"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"]),
        .testTarget(name: "ConfigFilesTests", dependencies: ["ConfigFiles", "FanControl"]),
        .testTarget(name: "HardwareTests", dependencies: ["Hardware", "FanControl", "ConfigFiles"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "SimulationHarness", "Service", "Hardware", "FanControl", "ConfigFiles"]),
        .testTarget(name: "ServiceTests", dependencies: ["Service", "StatusSchema", "JSONText", "Hardware", "FanControl", "ConfigFiles", "Simulator", "TestSupport",
                                                   .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "TestSupport", "JSONText", "StatusSchema", "Simulator", "SimulationHarness", "Hardware", "FanControl", "ConfigFiles"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["Simulator", "SimulationHarness", "Service", "Hardware", "FanControl", "ConfigFiles", "Bench"]),
        .testTarget(name: "mi50fanTests", dependencies: ["mi50fan", "Simulator", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

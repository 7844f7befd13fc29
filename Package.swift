// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "mi50fan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mi50fan", targets: ["mi50fan"]),
        .executable(name: "mi50fand", targets: ["mi50fand"]),
        .library(name: "FanControl", targets: ["FanControl"]),
        .library(name: "MI50FanKit", targets: ["FanControl", "JSONText", "ConfigReading", "ConfigFiles", "Hardware", "Calibration", "StatusSchema", "Service", "Simulator", "SimulationHarness", "Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        /// Pure control logic: no I/O, no clock, no Foundation.
        .target(name: "FanControl"),
        /// The one way to write and read JSON: pretty, keys sorted, field by field or from
        /// `Encodable`; parsed into values and decoded into `Decodable`; without Foundation.
        .target(name: "JSONText"),
        /// libyaml, the C YAML parser (Debian: libyaml-dev).
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        /// Reading config and curve files (YAML through libyaml, every problem with its place),
        /// atomic writes, confirmation windows: what the service needs, without Foundation.
        .target(name: "ConfigReading", dependencies: ["FanControl", "CLibYAML", "JSONText"]),
        /// Editing config and curve files (the CLI's side: editor, revert watcher); re-exports ConfigReading.
        .target(name: "ConfigFiles", dependencies: ["FanControl", "ConfigReading", "JSONText",
                                                    .product(name: "Subprocess", package: "swift-subprocess")]),
        /// libsensors, the lm-sensors library (Debian: libsensors-dev).
        .systemLibrary(name: "CSensors", providers: [.apt(["libsensors-dev"])]),
        /// libgpiod (Debian: libgpiod-dev), 1.6 or 2.x.
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        /// A small C shim over the libgpiod 1.6 and 2.x APIs.
        .target(name: "GPIOShim", dependencies: ["CGPIOD"]),
        /// Everything that touches the machine, always through a `SysfsRoot`.
        .target(
            name: "Hardware",
            dependencies: ["FanControl", "CSensors", "GPIOShim", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: tickPathSettings
        ),
        /// Finding a fan's stop, start and thermal steps by stepping its header (`mi50fan calibrate`).
        .target(name: "Calibration", dependencies: ["FanControl", "Hardware", "ConfigFiles", "Service"]),
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
                "FanControl", "Hardware", "ConfigReading", "JSONText", "StatusSchema",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: tickPathSettings
        ),
        /// Stress and benchmark runs: telemetry sampler, throttle log, inference timings, reports.
        .target(name: "Bench", dependencies: ["FanControl", "Hardware", "ConfigFiles", "StatusSchema", "JSONText",
                                       .product(name: "Subprocess", package: "swift-subprocess"),
                                       .product(name: "SystemPackage", package: "swift-system")]),
        .executableTarget(
            name: "mi50fan",
            dependencies: [
                "FanControl", "ConfigFiles", "Hardware", "Calibration", "Simulator", "SimulationHarness", "Service", "StatusSchema", "Bench", "JSONText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// The fan service alone, as systemd runs it: no Foundation, no argument-parsing library,
        /// so it starts and idles in a few megabytes.
        .executableTarget(
            name: "mi50fand",
            dependencies: ["Service", "Hardware", .product(name: "Logging", package: "swift-log")],
            linkerSettings: serviceLinkerSettings
        ),
        /// Helpers the test targets share (a stand-in systemd notify socket).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FanControlTests", dependencies: ["FanControl"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"]),
        .testTarget(name: "ConfigFilesTests", dependencies: ["ConfigFiles", "ConfigReading", "JSONText", "FanControl"]),
        .testTarget(name: "HardwareTests", dependencies: ["Hardware", "FanControl", "ConfigFiles"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Calibration", "Simulator", "SimulationHarness", "Service", "Hardware", "FanControl", "ConfigFiles"]),
        .testTarget(name: "ServiceTests", dependencies: ["Service", "JSONText", "StatusSchema", "Hardware", "FanControl", "ConfigFiles", "Simulator", "TestSupport",
                                                   .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "TestSupport", "JSONText", "StatusSchema", "Simulator", "SimulationHarness", "Hardware", "FanControl", "ConfigFiles"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["Simulator", "SimulationHarness", "Service", "Hardware", "FanControl", "ConfigFiles", "Bench"]),
        .testTarget(name: "mi50fanTests", dependencies: ["mi50fan", "mi50fand", "Simulator", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

/// The modules a service tick runs through keep the run-time exclusivity checks (two accesses
/// to one class property that overlap) in debug builds, where `make test` runs, and leave them
/// out of release builds, where they cost about 2,000 instructions a tick (docs/performance.md,
/// "A leaner tick"). `make soak` tests a release build with the checks kept
/// (`MI50FAN_EXCLUSIVITY_CHECKS=1`). The compile-time checks stay on everywhere.
var tickPathSettings: [SwiftSetting] {
    guard Context.environment["MI50FAN_EXCLUSIVITY_CHECKS"] != "1" else { return [] }
    return [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
}

/// `make build` links the service release build as one static position-independent executable
/// (`MI50FAN_STATIC_SERVICE=1`, with `--disable-local-rpath`): glibc, libyaml, libsensors and
/// libgpiod inside, so nothing is resolved against shared libraries at start, and relative
/// relocations packed (`DT_RELR`) instead of 630 kB of `.rela.dyn` read at every start. Its
/// start-up peak of resident memory falls from 10 MB to about 7 MB (docs/performance.md). A
/// static PIE must not carry an rpath (glibc's self-relocation asserts there is none), and a
/// plain `swift build` adds `$ORIGIN`: hence the switch, which only the Makefile sets, with
/// the flag that leaves the rpath out. Without it the service links as before.
var serviceLinkerSettings: [LinkerSetting] {
    guard Context.environment["MI50FAN_STATIC_SERVICE"] == "1" else { return [] }
    return [.unsafeFlags(["-static-executable", "-Xclang-linker", "-static-pie", "-use-ld=lld",
                          "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                         .when(platforms: [.linux], configuration: .release))]
}

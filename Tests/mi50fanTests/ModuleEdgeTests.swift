import Foundation
import Testing

/// The imports of every source file of a target.
private func imports(of target: String) throws -> Set<String> {
    let directory = repositoryRoot.appendingPathComponent("Sources/" + target).path
    let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
    var found: Set<String> = []
    for file in files {
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
            found.insert(String(line.split(separator: " ").last!))
        }
    }
    #expect(!files.isEmpty, "Sources/\(target) has sources")
    return found
}

@Test("the libraries depend one way: the core on nothing, the virtual card not on the service, the service not on the GPIO C shim, benchmarks not on the service",
      arguments: [("FanControl", ["Foundation", "Hardware", "Service", "ConfigFiles"]),
                  ("Hardware", ["Service", "Simulator", "Bench", "ConfigFiles", "Subprocess"]),
                  ("Simulator", ["Service", "SimulationHarness", "Bench"]),
                  ("Service", ["GPIOShim", "CGPIOD", "Simulator", "Bench"]),
                  ("ConfigFiles", ["Hardware", "Service", "Simulator"]),
                  ("Bench", ["Service", "Simulator", "SimulationHarness"]),
                  ("StatusSchema", ["Foundation", "FanControl", "Hardware", "Service"]),
                  ("JSONText", ["Foundation", "FanControl", "Hardware", "Service"]),
                  ("ConfigReading", ["Hardware", "Service", "Simulator", "ConfigFiles"])])
func moduleEdges(_ target: String, _ forbidden: [String]) throws {
    let found = try imports(of: target)
    for name in forbidden {
        #expect(!found.contains(name), "\(target) imports \(name)")
    }
}

/// What the fan service (`mi50fand`) is built from: none of it may bring in Foundation, an
/// argument-parsing library, the YAML library's Swift side or process spawning, so the service
/// starts and idles in a few megabytes (docs/performance.md).
private let serviceModules = ["FanControl", "JSONText", "ConfigReading", "Hardware", "StatusSchema", "Service", "mi50fand"]

@Test("the fan service's modules import no Foundation, ArgumentParser, Yams or Subprocess, nor a module that does", arguments: serviceModules)
func serviceModulesStayLean(_ target: String) throws {
    let found = try imports(of: target)
    for name in ["Foundation", "FoundationEssentials", "ArgumentParser", "Yams", "Subprocess", "ConfigFiles", "Calibration", "Bench"] {
        #expect(!found.contains(name), "\(target) imports \(name)")
    }
    let ownModules = Set(try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Sources").path))
    for name in found where ownModules.contains(name) && !name.hasPrefix("C") && name != "GPIOShim" {
        #expect(serviceModules.contains(name), "\(target) imports \(name), which is not one of the service's modules")
    }
}

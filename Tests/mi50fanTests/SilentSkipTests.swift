import Foundation
import Testing
import TestSupport

/// Every test source file, relative to the repository.
private func testSources() throws -> [String] {
    let tests = repositoryRoot.appendingPathComponent("Tests").path
    let files = FileManager.default.enumerator(atPath: tests)?.compactMap { $0 as? String } ?? []
    return files.filter { $0.hasSuffix(".swift") }.sorted()
}

/// What a silently skipping test prints (spelt in two parts so this file does not match itself).
private let silentSkip = "pr" + "int(\"skipped"

@Test("no test prints that it skipped and passes: a test that cannot run says so with an .enabled(if:) trait")
func noSilentSkips() throws {
    let sources = try testSources().filter { !$0.hasSuffix("SilentSkipTests.swift") }
    #expect(sources.count > 20)
    for file in sources {
        let text = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Tests/" + file).path, encoding: .utf8)
        #expect(!text.contains(silentSkip), "\(file) skips silently")
    }
}

@Test("make test demands every machine requirement, so a test it needs cannot be skipped")
func makeTestRequiresAll() throws {
    let makefile = try String(contentsOf: repositoryRoot.appendingPathComponent("Makefile"), encoding: .utf8)
    let recipe = makefile.components(separatedBy: "\ntest: deps\n").dropFirst().first?.components(separatedBy: "\n\n").first ?? ""
    #expect(recipe.contains("MI50FAN_REQUIRE_ALL=1 $(SWIFT) test"))
    #expect(MachineRequirement.runs(false) == (ProcessInfo.processInfo.environment["MI50FAN_REQUIRE_ALL"] == "1"))
    #expect(MachineRequirement.runs(true))
}

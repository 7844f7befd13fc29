import Bench
import Foundation
@testable import Simulator
import Testing

@Test("a run refuses a rate out of range and a PCI slot with no card; a run that starts writes its directory when it finishes")
func runSessionStartsAndFinishes() async throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-run-session-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle)
    machine.build()
    machine.advance(by: 1)
    #expect(throws: RunSession.Refusal.self) { try RunSession(root: machine.root, configPath: "/nonexistent.yaml", rate: 0, slot: nil) }
    #expect(throws: RunSession.Refusal.self) { try RunSession(root: machine.root, configPath: "/nonexistent.yaml", rate: 10, slot: "0000:99:00.0") }

    let session = try RunSession(root: machine.root, configPath: "/nonexistent.yaml", rate: 50, slot: SimulatedLayout.pciSlot)
    #expect(session.sampler.cards.map(\.device.pciSlot) == [SimulatedLayout.pciSlot])
    session.startSampling()
    let directory = root + "/run"
    let report = try await session.finish(kind: "stress", label: "test", settings: ["command": "none"], exitStatus: 0, to: directory)
    #expect(report.kind == "stress")
    #expect(report.exitStatus == 0)
    #expect(report.cards.count == 1)
    for file in ["run.json", "summary.md", "report.html"] {
        #expect(FileManager.default.fileExists(atPath: directory + "/" + file), "\(file) written")
    }
}

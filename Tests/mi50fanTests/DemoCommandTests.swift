import Foundation
import Testing

@Test("the demo shows the moment the junction sensor goes and the fan enters fail-safe, and its return")
func demoShowsTheFault() throws {
    let result = try runMI50Fan(["demo", "--duration", "1s", "--speed", "600"])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    let missing = lines.firstIndex { $0.contains("sensor mi50.junction: sensor file missing") }
    let failSafe = lines.firstIndex { $0.contains("fan blower: fail-safe 100%") }
    let back = lines.firstIndex { $0.contains("sensor mi50.junction reads again") }
    #expect(missing != nil && failSafe != nil && back != nil, "\(result.stdout)")
    if let missing, let back { #expect(missing < back) }
}

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let unconfirmedNote = "curve `mi50-blower-balanced`: a change made with --confirm was not confirmed in time"

/// Writes the pending-change record of a `--confirm` change to the harness's curves directory:
/// its watcher is this test process, in the boot named `bootID`.
private func recordPendingChange(in harness: DaemonHarness, bootID: String) throws {
    let previous = try String(contentsOfFile: harness.root + "/etc/mi50fan/curves/mi50-blower-max.yaml", encoding: .utf8)
    let record: [String: Any] = ["name": "mi50-blower-balanced", "token": "t", "deadline": Date().timeIntervalSince1970 + 3600,
                                 "previous": previous, "watcherPID": Int(getpid()), "bootID": bootID]
    try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: harness.root + "/etc/mi50fan/curves/.mi50fan-pending.json"))
}

private var thisBoot: String {
    ((try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
}

@Test("a change left unconfirmed by an earlier boot runs in its previous version from the service's start")
func expiredChangeAtStart() throws {
    let harness = try DaemonHarness()
    let curve = harness.root + "/etc/mi50fan/curves/mi50-blower-balanced.yaml"
    let onDisk = harness.read(curve)
    try recordPendingChange(in: harness, bootID: "an-earlier-boot")
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    harness.signal(SIGTERM)
    let (code, log) = harness.finish()
    #expect(code == 0)
    #expect(log.contains(unconfirmedNote), "\(log)")
    #expect(harness.read(curve) == onDisk, "the service never writes the curves")
}

@Test("a pending change is left alone while its watcher lives, and runs in its previous version on the reload after it is due")
func expiredChangeOnReload() throws {
    let harness = try DaemonHarness()
    try recordPendingChange(in: harness, bootID: thisBoot)
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    try recordPendingChange(in: harness, bootID: "an-earlier-boot")
    harness.signal(SIGHUP)
    #expect(harness.waitForNotify { $0.hasPrefix("READY=1") && !$0.contains("reload failed") } != nil)
    harness.signal(SIGTERM)
    let (code, log) = harness.finish()
    #expect(code == 0)
    #expect(log.components(separatedBy: unconfirmedNote).count == 2, "once, on the reload: \(log)")
}

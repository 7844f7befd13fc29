import Foundation
import TestSupport
@testable import Service
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Test("notify messages reach a socket at a path and an abstract one", arguments: [false, true])
func notifyReachesSocket(abstract: Bool) throws {
    let socket = try NotifySocket(abstract: abstract)
    let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
    notifier.ready(status: "2 fans under control")
    #expect(socket.receive(timeout: 5) == "READY=1\nSTATUS=2 fans under control")
    notifier.watchdog()
    #expect(socket.receive(timeout: 5) == "WATCHDOG=1")
}

@Test("watchdog interval is half of WATCHDOG_USEC, and only for this process", arguments: [
    (["WATCHDOG_USEC": "4000000"], Duration.seconds(2) as Duration?),
    (["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"], nil),
    (["WATCHDOG_USEC": "0"], nil), ([:], nil),
])
func watchdogInterval(environment: [String: String], interval: Duration?) {
    #expect(SystemdNotifier(environment: environment).watchdogInterval == interval)
}

@Test("without NOTIFY_SOCKET nothing is sent")
func notUnderSystemd() {
    #expect(!SystemdNotifier(environment: [:]).send("READY=1"))
}

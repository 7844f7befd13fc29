import Foundation
import Service
import Testing

@Test("the service to reload is the live holder of the lock in its state directory; no holder, or a lock left by a dead one, is not running")
func serviceReloadFindsTheLockHolder() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-reload-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(ServiceReload.runningPID(stateDirectory: directory) == nil)
    #expect(ServiceReload.request(stateDirectory: directory) == .notRunning)
    do {
        let lock = try InstanceLock(directory: directory)
        #expect(ServiceReload.runningPID(stateDirectory: directory) == getpid())
        withExtendedLifetime(lock) {}
    }
    // The lock file stays, naming this pid, but nobody holds it any more.
    #expect(FileManager.default.fileExists(atPath: InstanceLock.path(in: directory)))
    #expect(ServiceReload.runningPID(stateDirectory: directory) == nil)
    #expect(ServiceReload.request(stateDirectory: directory) == .notRunning)
    #expect(ServiceReload.Outcome.signalled(pid: 42).message == "the service (pid 42) reloads its config")
}

// Runs N full control ticks against the virtual MI50's tree on tmpfs, for `strace -c`:
// `make bench` traces it with N = 0 and N = 1000 and prints the difference per tick.
import FanControl
import Foundation
import Simulator

let ticks = Int(CommandLine.arguments.dropFirst().first ?? "1000") ?? 1000
let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
let root = base + "/mi50fan-ticks-\(getpid())"
let run = try SimulatedRun(root: root, profile: .inference, curve: "mi50-blower-balanced", seed: 1)
for _ in 0..<30 { run.step() }
var time = run.card.time
// The simulator's last step replaced the files: the first ticks open them again.
for _ in 0..<3 { time += 1; _ = run.loop.tick(now: Timestamp(seconds: time)) }
var wrote = 0
for _ in 0..<ticks {
    time += 1
    wrote += run.loop.tick(now: Timestamp(seconds: time)).wrote.filter { $0 }.count
}
try? FileManager.default.removeItem(atPath: root)
print("\(ticks) ticks, \(wrote) PWM writes")

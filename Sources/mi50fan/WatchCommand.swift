import ArgumentParser
import FanControl
import Foundation
import Service

/// `mi50fan watch`: a live view of the cards and fans.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "A live view: temperatures with sparklines, power, clocks, fans; q or Ctrl-C quits.",
        discussion: "On a terminal it takes the full screen and restores it on exit; otherwise it prints one line per refresh."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Refresh interval, like 1s or 500ms.", transform: durationArgument)
    var interval: TimeSpan = TimeSpan(seconds: 1)

    @Option(help: "Stop after this many refreshes (for scripts).")
    var count: Int?

    func validate() throws {
        guard interval.seconds >= 0.1 else { throw ValidationError("--interval \(interval) is shorter than 100ms") }
    }

    func run() async throws {
        let span = interval
        let interactive = isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
        let terminal = interactive ? TerminalSession() : nil
        defer { terminal?.restore() }
        var screen = WatchScreen()
        var frames = 0
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        while count.map({ frames < $0 }) ?? true {
            let state = MachineState.read(root: global.sysfsRoot, config: global.config)
            screen.record(state.status)
            let time = formatter.string(from: Date())
            if let terminal {
                terminal.draw(screen.frame(state, color: true, time: time))
                if terminal.waitForQuit(seconds: span.seconds) { break }
            } else {
                print(WatchScreen.plainLine(state, time: time))
                fflush(nil)
                frames += 1
                if count.map({ frames >= $0 }) ?? false { break }
                try await Task.sleep(for: .milliseconds(Int(span.seconds * 1000)))
                continue
            }
            frames += 1
        }
    }
}

/// The terminal while `watch` owns it: alternate screen, hidden cursor, keys unbuffered; all
/// put back on exit, on Ctrl-C and on SIGTERM.
final class TerminalSession {
    private var saved = termios()
    nonisolated(unsafe) private static var restoreState: termios?

    init() {
        tcgetattr(STDIN_FILENO, &saved)
        Self.restoreState = saved
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        write("\u{1B}[?1049h\u{1B}[?25l")
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Foundation.signal(signal) { number in
                if var state = TerminalSession.restoreState { tcsetattr(STDIN_FILENO, TCSANOW, &state) }
                let reset = Array("\u{1B}[?25h\u{1B}[?1049l".utf8)
                _ = reset.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                _exit(number == SIGINT ? 0 : 128 + number)
            }
        }
    }

    func draw(_ frame: String) {
        write("\u{1B}[H\u{1B}[2J" + frame)
    }

    /// Waits up to `seconds` for a key; true when it was q.
    func waitForQuit(seconds: Double) -> Bool {
        var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        var remaining = Int32(seconds * 1000)
        while remaining > 0 {
            let start = Date()
            guard poll(&poller, 1, remaining) == 1 else { return false }
            var byte: UInt8 = 0
            if read(STDIN_FILENO, &byte, 1) == 1, byte == UInt8(ascii: "q") || byte == UInt8(ascii: "Q") { return true }
            remaining -= Int32(Date().timeIntervalSince(start) * 1000)
        }
        return false
    }

    func restore() {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        write("\u{1B}[?25h\u{1B}[?1049l")
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}

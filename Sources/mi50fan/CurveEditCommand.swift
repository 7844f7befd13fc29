import ArgumentParser
import ConfigFiles
import FanControl
import Foundation

/// `mi50fan curve edit NAME`: edit a copy in $EDITOR and save it only once it validates, as
/// visudo does.
struct CurveEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a curve in $VISUAL or $EDITOR; it is saved only once it validates.",
        discussion: "When the edited curve has problems they are listed and you choose: (e)dit again or e(x)it without saving."
    )

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "Revert after this long unless confirmed.") var confirm: String?

    func run() async throws {
        try reportingFailures {
            let window = try options.confirmationWindow(confirm)
            _ = try options.load(name)
            let original = try String(contentsOfFile: options.store.path(name), encoding: .utf8)
            let scratch = try ScratchDirectory()
            defer { scratch.remove() }
            let copy = try scratch.create(name + ".yaml", text: original)
            let environment = ProcessInfo.processInfo.environment
            let editor = environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
            while true {
                let status = try runEditor(editor, file: copy)
                guard status == 0 else { throw CurveFailure("the editor (\(editor)) exited with status \(status); nothing saved") }
                // Read once: the text validated is the text installed.
                let edited: String
                do { edited = try scratch.read(name + ".yaml") } catch {
                    throw CurveFailure("cannot read the edited copy \(copy) (\(error)); nothing saved")
                }
                if edited == original {
                    print("no changes")
                    return
                }
                switch CurveDocument.parse(edited, path: options.store.path(name)) {
                case .success:
                    try options.store.save(text: edited, name: name)
                    print("saved \(options.store.path(name)) (previous version kept as \(options.store.backupPath(name)))")
                    try options.afterSave(name: name, previous: original, confirm: window)
                    return
                case .failure(let problems):
                    printError(problems.description)
                    printError("What now? (e)dit again, e(x)it without saving: ", newline: false)
                    guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased(), answer.hasPrefix("e") else {
                        throw CurveFailure("nothing saved; \(options.store.path(name)) is unchanged")
                    }
                }
            }
        }
    }

    private func runEditor(_ editor: String, file: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "mi50fan-editor", file]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

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
        try await reportingFailures {
            let window = try options.confirmationWindow(confirm)
            _ = try options.load(name)
            let original = try String(contentsOfFile: options.store.path(name), encoding: .utf8)
            let scratch = try ScratchDirectory()
            defer { scratch.remove() }
            let copy = try scratch.create(name + ".yaml", text: original)
            let editor = Editor(environment: ProcessInfo.processInfo.environment)
            while true {
                fflush(nil)
                let status = try await editor.edit(copy)
                guard status == 0 else { throw CurveFailure("the editor (\(editor.command)) exited with status \(status); nothing saved") }
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
                    try await options.afterSave(name: name, previous: original, confirm: window)
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
}

import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve new NAME --from PRESET`.
struct CurveNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Make a new curve from a shipped or existing one.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The new curve's name.") var name: String
    @Option(help: "The curve to start from.") var from: String = "mi50-blower-balanced"
    @Flag(help: "Replace an existing curve of that name.") var force = false

    func run() async throws {
        try await reportingFailures {
            guard CurveNames.isValid(name) else {
                throw CurveFailure("curve name `\(name)` may only hold letters, digits, `-` and `_` (up to 64)")
            }
            if options.store.exists(name) && !force { throw CurveFailure("`\(name)` exists; pick another name or add --force") }
            let source: String
            switch CurveLocator.find(from, curvesDirectory: options.directory, option: "--from") {
            case .failure(let problems): throw CurveFailure(CurveLocator.message(problems))
            case .success(let found): source = found.text ?? (BuiltInCurves.files[found.name].map { $0 + "\n" } ?? "")
            }
            guard case .success(var document) = CurveDocument.parse(source, path: name + ".yaml") else {
                throw CurveFailure("`\(from)` does not parse")
            }
            document.name = name
            document.comment = ["\(name): made from \(from) by `mi50fan curve new`. Say here when to use it."]
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            _ = try options.store.save(document)
            print("created \(options.store.path(name)) from \(from)")
        }
    }
}

import FanControl
import Glibc

/// A config with its curves loaded and the controller's plan built.
public struct LoadedConfig: Sendable {
    /// The config file's path.
    public var path: String
    /// The decoded config.
    public var config: Config
    /// Every named curve it uses, by name.
    public var curves: [String: FanCurve]
    /// The controller's plan.
    public var plan: ControlPlan
    /// What the service should log about this load (an unconfirmed curve change that expired).
    public var notes: [String] = []
}

/// What a YAML file holds, told apart by its content.
public enum DocumentKind: Sendable, Equatable {
    /// A daemon config (`version`, `gpus`, `fans`).
    case config
    /// A curve file (`points` or `levels`).
    case curve
}

/// Loads config and curve files from disk, reporting every problem with file, line and column.
public enum ConfigLoader {
    /// The config path used when none is given.
    public static let defaultPath = "/etc/mi50fan/config.yaml"

    /// Reads and parses a YAML file.
    public static func document(at path: String) -> Result<ConfigNode, ConfigProblems> {
        YAMLDocument.load(path: path)
    }

    /// Tells a config from a curve by its top-level keys.
    public static func kind(of node: ConfigNode) -> DocumentKind? {
        let keys = node.keys
        if keys.contains(where: CurveDecoder.distinguishingKeys.contains) { return .curve }
        if keys.contains(where: ConfigDecoder.distinguishingKeys.contains) { return .config }
        return nil
    }

    /// The curve's name for a file path: the file name without `.yaml`.
    public static func curveName(forFile path: String) -> String {
        let file = PathText.lastComponent(of: path)
        for suffix in [".yaml", ".yml"] where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
        return file
    }

    /// The file a named curve lives in.
    public static func curvePath(named name: String, in directory: String) -> String {
        let yaml = directory + "/" + name + ".yaml"
        let yml = directory + "/" + name + ".yml"
        return !PathText.exists(yaml) && PathText.exists(yml) ? yml : yaml
    }

    /// The curves directory for a config: its `curves_dir`, or `curves/` beside the file.
    public static func curvesDirectory(for config: Config, at path: String) -> String {
        if let directory = config.curvesDirectory {
            if directory.hasPrefix("/") { return directory }
            return PathText.joining(PathText.directory(of: path), directory)
        }
        return PathText.joining(PathText.directory(of: path), "curves")
    }

    /// Loads and validates one curve file.
    public static func loadCurve(at path: String) -> Result<FanCurve, ConfigProblems> {
        document(at: path).flatMap { CurveDecoder.decode($0, name: curveName(forFile: path)) }
    }

    /// Loads a config, every curve it names, and builds the controller's plan.
    /// `curvesDirectory` overrides where named curves are found.
    public static func load(path: String, curvesDirectory: String? = nil) -> Result<LoadedConfig, ConfigProblems> {
        document(at: path).flatMap { load(node: $0, path: path, curvesDirectory: curvesDirectory) }
    }

    /// Loads a config already parsed from `path`.
    static func load(node: ConfigNode, path: String, curvesDirectory: String?) -> Result<LoadedConfig, ConfigProblems> {
        var problems: [ConfigProblem] = []
        if kind(of: node) == .curve {
            return .failure(ConfigProblems([ConfigProblem(node.location, "this is a curve file, not a config",
                                                          fix: "name the config file (default \(defaultPath)); curves are referred to from it by name")]))
        }
        let decoded = ConfigDecoder.decode(node)
        guard case .success(let config) = decoded else {
            if case .failure(let failure) = decoded { problems += failure.problems }
            return .failure(ConfigProblems(problems))
        }
        let directory = curvesDirectory ?? self.curvesDirectory(for: config, at: path)
        var curves: [String: FanCurve] = [:]
        var notes: [String] = []
        let expired = CurveConfirmation.expiredChanges(in: directory)
        for (name, location) in config.namedCurves {
            let file = curvePath(named: name, in: directory)
            if let previous = expired[name] {
                notes.append("curve `\(name)`: a change made with --confirm was not confirmed in time; running its previous version "
                             + "(the next `mi50fan curve` command puts it back in \(file))")
                if let previous {
                    switch YAMLDocument.parse(previous, file: file).flatMap({ CurveDecoder.decode($0, name: name) }) {
                    case .success(let curve): curves[name] = curve
                    case .failure(let failure): problems += failure.problems
                    }
                    continue
                }
            }
            guard PathText.exists(file), expired[name] != .some(nil) else {
                // A shipped curve's name means the shipped curve wherever the config lives,
                // unless the curves directory holds a curve of that name.
                if let builtIn = builtInCurve(named: name) {
                    switch builtIn {
                    case .success(let curve): curves[name] = curve
                    case .failure(let failure): problems += failure.problems
                    }
                    continue
                }
                let shipped = BuiltInCurves.files.keys.sorted().joined(separator: ", ")
                problems.append(ConfigProblem(location, "no curve `\(name)` in \(directory), and no shipped curve of that name",
                                              fix: "create it (`mi50fan curve new \(name) --from mi50-blower-balanced --config \(path)`) or name a shipped curve: \(shipped)"))
                continue
            }
            switch loadCurve(at: file) {
            case .success(let curve): curves[name] = curve
            case .failure(let failure): problems += failure.problems
            }
        }
        if !problems.isEmpty { return .failure(ConfigProblems(problems)) }
        return PlanBuilder.plan(for: config, curves: curves).map {
            LoadedConfig(path: path, config: config, curves: curves, plan: $0, notes: notes)
        }
    }

    /// The shipped curve `name`, built into the binary, if there is one.
    public static func builtInCurve(named name: String) -> Result<FanCurve, ConfigProblems>? {
        guard let text = BuiltInCurves.files[name] else { return nil }
        return YAMLDocument.parse(text + "\n", file: "built-in curve \(name)").flatMap { CurveDecoder.decode($0, name: name) }
    }

    /// Checks any config or curve file, telling them apart by content. Returns every problem.
    public static func check(path: String, curvesDirectory: String? = nil) -> (DocumentKind?, [ConfigProblem]) {
        switch document(at: path) {
        case .failure(let problems): return (nil, problems.problems)
        case .success(let node):
            switch kind(of: node) {
            case .curve?:
                if case .failure(let problems) = CurveDecoder.decode(node, name: curveName(forFile: path)) {
                    return (.curve, problems.problems)
                }
                return (.curve, [])
            case .config?:
                if case .failure(let problems) = load(node: node, path: path, curvesDirectory: curvesDirectory) {
                    return (.config, problems.problems)
                }
                return (.config, [])
            case nil:
                return (nil, [ConfigProblem(node.location, "neither a config nor a curve",
                                            fix: "a config has `version`, `gpus` and `fans`; a curve has `points` or `levels`")])
            }
        }
    }
}

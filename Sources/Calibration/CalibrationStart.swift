import ConfigFiles
import FanControl
import Hardware
import Service

extension CalibrationSession {
    /// Loads the config at `configPath`, checks that the service whose state is in
    /// `stateDirectory` is not running (it would fight the calibration) and prepares the
    /// session for fan `fanName` (see ``CalibrationSession/prepare(root:config:fan:maxJunction:progress:)``).
    public static func prepare(configPath: String, root: SysfsRoot, stateDirectory: String, fanName: String, maxJunction: Double,
                               progress: @escaping @Sendable (String) -> Void) throws(CalibrationRefusal) -> CalibrationSession {
        let loaded: LoadedConfig
        switch ConfigLoader.load(path: configPath) {
        case .failure(let problems): throw CalibrationRefusal("the config has problems:\n\(problems)")
        case .success(let value): loaded = value
        }
        guard let fan = loaded.config.fans.first(where: { $0.name == fanName }) else {
            throw CalibrationRefusal("no fan `\(fanName)` in \(configPath); fans: \(loaded.config.fans.map(\.name).joined(separator: ", "))")
        }
        if let pid = ServiceReload.runningPID(stateDirectory: stateDirectory) {
            throw CalibrationRefusal("the service runs (pid \(pid)) and would fight the calibration; stop it first: systemctl stop mi50fan")
        }
        return try prepare(root: root, config: loaded.config, fan: fan, maxJunction: maxJunction, progress: progress)
    }
}

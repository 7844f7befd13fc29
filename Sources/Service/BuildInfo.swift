/// What this build of mi50fan is, for `--version` and the metrics' `mi50fan_build_info`.
public enum BuildInfo {
    /// The release version.
    public static let version = "0.1.0"
}

import ConfigFiles
import FanControl

/// A linear curve's points; step curves are edited as text (`curve edit`).
func linearPoints(_ document: CurveDocument) throws -> [CurvePoint] {
    guard case .linear(let points) = document.curve.shape else {
        throw CurveFailure("`\(document.name)` is a step curve: edit its levels with `mi50fan curve edit \(document.name)`")
    }
    return points
}

/// A running load that heats the cards while `calibrate --thermal` measures. The caller starts
/// it (Bench's `LoadProcess`): below the service nothing knows about processes.
public protocol CalibrationLoad: Sendable {
    /// Stops the load and everything it started; returns its exit status.
    func stop() async -> Int32
}

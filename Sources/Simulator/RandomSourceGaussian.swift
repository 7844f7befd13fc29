import FanControl

#if canImport(Glibc)
import Glibc
#endif

extension RandomSource {
    /// A normally distributed value (Box-Muller) with the given standard deviation.
    public mutating func gaussian(_ deviation: Double) -> Double {
        let u1 = max(unit(), 1e-12), u2 = unit()
        return deviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

import CSensors
import FanControl
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One chip as libsensors sees it, with its temperature features.
public struct LibSensorsChip: Sendable, Hashable {
    /// libsensors' name for it (`amdgpu-pci-4400`).
    public var name: String
    /// The chip's prefix (`amdgpu`).
    public var prefix: String
    /// For a PCI chip: the slot, as `BB:DD.F` (libsensors keeps no domain).
    public var pciBusDeviceFunction: String?
    /// Temperature features: label (after sensors.conf) and value in °C, or the error.
    public var temperatures: [LibSensorsTemperature]
}

/// One temperature feature read through libsensors.
public struct LibSensorsTemperature: Sendable, Hashable {
    /// The feature's name (`temp2`).
    public var feature: String
    /// Its label after sensors.conf (`junction`).
    public var label: String
    /// The value in °C.
    public var value: Result<Double, LibSensorsError>
}

/// An error libsensors reported, with the chip and feature it concerns.
public struct LibSensorsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The chip.
    public var chip: String
    /// The feature, if any.
    public var feature: String?
    /// libsensors' error number (`SENSORS_ERR_*`, negative).
    public var code: Int32
    /// `sensors_strerror` of the code.
    public var message: String

    public var description: String {
        "libsensors: \(chip)\(feature.map { " \($0)" } ?? ""): \(message)"
    }
}

/// Reads temperatures through libsensors, so a user's sensors.conf labels, ignores and
/// compute lines apply. libsensors reads the real `/sys` only and keeps global state, so this
/// is one shared instance guarded by a lock.
public final class LibSensorsSource: Sendable {
    private let state = Mutex(false)

    /// Initialises libsensors with its default configuration (`/etc/sensors3.conf` and
    /// `/etc/sensors.d`). Throws when libsensors cannot start.
    public init() throws {
        let result = sensors_init(nil)
        if result != 0 {
            throw LibSensorsError(chip: "-", feature: nil, code: result, message: String(cString: sensors_strerror(result)))
        }
        state.withLock { $0 = true }
    }

    deinit { sensors_cleanup() }

    /// Every chip libsensors detects, with its temperatures read now.
    public func chips() -> [LibSensorsChip] {
        state.withLock { _ in
            var result: [LibSensorsChip] = []
            var chipIndex: Int32 = 0
            while let chip = sensors_get_detected_chips(nil, &chipIndex) {
                result.append(describe(chip))
            }
            return result
        }
    }

    /// The temperature labelled `label` on the amdgpu chip at PCI slot `slot` (`0000:44:00.0`).
    public func temperature(pciSlot slot: String, label: String) -> Result<Double, SensorFault> {
        let wanted = Self.busDeviceFunction(ofSlot: slot)
        guard let chip = chips().first(where: { $0.prefix == "amdgpu" && $0.pciBusDeviceFunction == wanted }),
              let feature = chip.temperatures.first(where: { $0.label == label }) else { return .failure(.missing) }
        switch feature.value {
        case .success(let value):
            return Temperature(celsius: value).isPlausibleForGPU ? .success(value) : .failure(.implausible(value))
        case .failure(let error):
            return .failure(.readError(errno: error.code == SENSORS_ERR_ACCESS_R ? 13 : 5))
        }
    }

    /// `0000:44:00.0` -> `44:00.0`.
    static func busDeviceFunction(ofSlot slot: String) -> String {
        slot.split(separator: ":").count == 3 ? String(slot.split(separator: ":", maxSplits: 1)[1]) : slot
    }

    private func describe(_ chip: UnsafePointer<sensors_chip_name>) -> LibSensorsChip {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = sensors_snprintf_chip_name(&buffer, buffer.count, chip)
        let name = length > 0 ? string(buffer) : "unknown"
        let prefix = chip.pointee.prefix.map { String(cString: $0) } ?? name
        var pci: String?
        if chip.pointee.bus.type == SENSORS_BUS_TYPE_PCI {
            let address = Int(chip.pointee.addr)
            pci = "\(hex2(address >> 8)):\(hex2((address >> 3) & 0x1f)).\(address & 7)"
        }
        var temperatures: [LibSensorsTemperature] = []
        var featureIndex: Int32 = 0
        while let feature = sensors_get_features(chip, &featureIndex) {
            guard feature.pointee.type == SENSORS_FEATURE_TEMP else { continue }
            let featureName = String(cString: feature.pointee.name)
            var label = featureName
            if let raw = sensors_get_label(chip, feature) {
                label = String(cString: raw)
                free(raw)
            }
            var value: Result<Double, LibSensorsError>
            if let input = sensors_get_subfeature(chip, feature, SENSORS_SUBFEATURE_TEMP_INPUT) {
                var reading = 0.0
                let status = sensors_get_value(chip, input.pointee.number, &reading)
                value = status == 0 ? .success(reading)
                    : .failure(LibSensorsError(chip: name, feature: featureName, code: status, message: String(cString: sensors_strerror(status))))
            } else {
                value = .failure(LibSensorsError(chip: name, feature: featureName, code: -SENSORS_ERR_NO_ENTRY, message: "no input"))
            }
            temperatures.append(LibSensorsTemperature(feature: featureName, label: label, value: value))
        }
        return LibSensorsChip(name: name, prefix: prefix, pciBusDeviceFunction: pci, temperatures: temperatures)
    }

    private func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func hex2(_ value: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count < 2 ? "0" + digits : digits
    }
}

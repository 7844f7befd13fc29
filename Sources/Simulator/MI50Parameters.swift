/// The physical constants of the virtual MI50 and its retrofitted fan. Where each comes from
/// is in docs/simulator.md.
public struct MI50Parameters: Sendable, Hashable {
    /// Room air at the card's intake, °C.
    public var ambient = 25.0
    /// Board power at idle, W (real MI50s: 15-20 W).
    public var idlePower = 20.0
    /// Board power the load would draw at full clocks with no cap, W.
    public var fullLoadPower = 250.0
    /// The power cap (`power1_cap`), W (stock 225 W).
    public var powerCap = 225.0
    /// Heat capacity of the die and its hotspot region, J/K.
    public var dieCapacity = 35.0
    /// Resistance die -> heatsink, K/W.
    public var dieToSink = 0.13
    /// Edge sensor offset above the heatsink per watt, K/W.
    public var edgeToSink = 0.065
    /// Heat capacity of the heatsink, J/K.
    public var sinkCapacity = 1000.0
    /// Conductance heatsink -> air with no airflow, W/K.
    public var passiveConductance = 0.5
    /// Extra conductance at full airflow, W/K.
    public var forcedConductance = 7.5
    /// Heat capacity of the HBM stacks, J/K.
    public var hbmCapacity = 80.0
    /// Resistance HBM -> heatsink, K/W.
    public var hbmToSink = 0.6
    /// HBM power at idle and extra at full memory load, W (part of board power).
    public var hbmIdlePower = 8.0, hbmLoadPower = 30.0
    /// Throttle points: junction, edge, HBM, °C (a few degrees under the card's crit limits).
    public var junctionLimit = 105.0, edgeLimit = 95.0, hbmLimit = 90.0
    /// Critical limits the card reports (`tempN_crit`), °C.
    public var edgeCritical = 100.0, junctionCritical = 110.0, memCritical = 95.0
    /// sclk levels of an MI50, MHz.
    public var sclkLevels = [925, 930, 1032, 1143, 1282, 1386, 1485, 1606, 1725]
    /// mclk levels, MHz.
    public var mclkLevels = [350, 800, 1000]
    /// VRAM, bytes (32 GB card).
    public var vramTotal = 34_342_961_152
    /// The fan: full speed in RPM, the duty below which a running fan stops, the duty a
    /// stopped fan needs to start, and its spin-up / spin-down time constants in seconds.
    public var fanMaxRPM = 4500.0, fanStopDuty = 0.12, fanStartDuty = 0.20
    public var fanSpinUp = 1.5, fanSpinDown = 3.0
    /// The duty the board's firmware runs the header at when it has control (`pwm_enable` != 1).
    public var firmwareDuty = 0.4
    /// Sensor noise (standard deviation), °C, before the card rounds to whole degrees.
    public var sensorNoise = 0.3

    /// The standard virtual MI50.
    public init() {}
}

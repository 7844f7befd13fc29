import Hardware

/// The cards' telemetry the status shows (clocks, power, limits, VRAM, throttling), read every
/// few seconds rather than every tick, through readers that keep their files open.
struct CardTelemetryCache {
    /// Per config GPU name: the card and what it showed at the last refresh.
    private(set) var cards: [String: (GPUDevice, GPUTelemetry)] = [:]
    /// Per config GPU name: its files, kept open between refreshes.
    private var readers: [String: CardTelemetryReader] = [:]

    /// Whether nothing was read yet (or since ``reset()``).
    var isEmpty: Bool { cards.isEmpty }

    /// Reads every card of `loop`'s config again.
    mutating func refresh(loop: ControlLoop, root: SysfsRoot) {
        var devices: [GPUDevice]?
        for gpu in loop.loaded.config.gpus {
            // The card as the loop's sensors are bound to it (bound again when it renumbers);
            // else discovery, which walks /sys: only when the card is new or its hwmon went away.
            let bound = loop.device(ofCard: gpu.name)
            var device = bound ?? cards[gpu.name]?.0
            if device == nil || (bound == nil && device?.hwmonPath.map({ !root.exists($0) }) ?? true) {
                devices = devices ?? GPUDiscovery(root: root).scan()
                device = try? GPUDiscovery.find(gpu.match, in: devices!).get()
            }
            guard let device else {
                cards[gpu.name] = nil
                readers[gpu.name] = nil
                continue
            }
            if readers[gpu.name]?.device != device {
                // The temperatures the loop reads every tick are not read twice: the status takes the loop's.
                readers[gpu.name] = CardTelemetryReader(root: root, device: device, readElsewhere: loop.sensorsReadEveryTick(ofCard: gpu.name))
            }
            cards[gpu.name] = (device, readers[gpu.name]!.read())
        }
    }

    /// Forgets every card and closes its files (a reload: the next refresh starts afresh).
    mutating func reset() {
        cards = [:]
        readers = [:]
    }
}

import Hardware

/// A machine of one to eight virtual MI50s under one root: each card with its own seed (so its
/// own load and sensor noise), PCI slot, DRM card and hwmon directory, and its own fan on a
/// header of the machine's one Super I/O chip (card N on header N + 2). Faults play on the
/// first card. One instance belongs to one thread.
public final class VirtualMI50Machine {
    /// The cards, in slot order.
    public let cards: [VirtualMI50]
    /// The root directory.
    public let rootPath: String

    /// Creates `count` cards under `root` (call ``build()`` to write the tree); card N gets
    /// seed `seed + N`.
    public init(root: String, cards count: Int, profile: LoadProfile, seed: UInt64 = 1,
                parameters: MI50Parameters = MI50Parameters(), faults: [ScheduledFault] = []) {
        precondition((1...SimulatedLayout.maximumCards).contains(count), "a virtual machine holds 1 to \(SimulatedLayout.maximumCards) cards")
        rootPath = root
        cards = (0..<count).map { index in
            VirtualMI50(root: root, profile: profile, seed: seed &+ UInt64(index), parameters: parameters,
                        faults: index == 0 ? faults : [], layout: SimulatedLayout(root: root, card: index, of: count))
        }
    }

    /// The root as a ``SysfsRoot`` for the program under test.
    public var root: SysfsRoot { SysfsRoot(rootPath) }

    /// Simulated seconds since the start.
    public var time: Double { cards[0].time }

    /// Writes the whole tree: every card, the Super I/O chip, the class links.
    public func build() {
        for card in cards { card.build() }
    }

    /// Advances every card by `seconds`. The cards share one Super I/O chip: when the first
    /// card's faults renumber it, the others follow.
    public func advance(by seconds: Double) {
        for card in cards { card.advance(by: seconds) }
        let chip = cards[0].layout.chipHwmon
        for card in cards.dropFirst() where card.layout.chipHwmon != chip { card.followSuperIO(to: chip) }
    }
}

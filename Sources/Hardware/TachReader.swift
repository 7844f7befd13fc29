import FanControl

/// Reads a fan's speed from `fanN_input`.
public struct TachReader: Sendable {
    /// The chip.
    public let chip: HwmonChip
    /// N of `fanN_input`.
    public let index: Int
    private let root: SysfsRoot
    private let handle: AttributeHandle

    /// Creates a reader.
    public init(root: SysfsRoot, chip: HwmonChip, index: Int) {
        self.root = root
        self.chip = chip
        self.index = index
        handle = AttributeHandle(path: chip.path + "/fan\(index)_input", root: root)
    }

    /// The RPM, or why it cannot be read.
    public func rpm() -> Result<Int, SysfsError> { handle.readInteger() }
}

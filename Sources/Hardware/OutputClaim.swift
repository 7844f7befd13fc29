#if canImport(Glibc)
import Glibc
#endif

/// An exclusive claim on one physical output, held for as long as this object lives: an
/// advisory `flock` on the output's own sysfs attribute (an hwmon `pwmN`, a PWM channel's
/// directory). Two mi50fan processes, whatever their configs and state directories, cannot
/// drive one header; the kernel drops the claim when the process dies, however it dies.
/// (GPIO lines need none: the kernel grants a line to one requester.)
public final class OutputClaim: Sendable {
    private let descriptor: Int32

    /// Claims `path`, or throws ``OutputError/claimed(path:)`` when another process holds it.
    public init(path: String, root: SysfsRoot) throws(OutputError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw .io(.failed(path: root.displayPath(path), errno: errno)) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .claimed(path: root.displayPath(path))
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

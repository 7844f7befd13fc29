import JSONText
import StatusSchema
/// The status file's text, written by hand: the daemon renders it whenever its state changed
/// and every 5 s while only readings change (see `StatusPacing`), and a generic encoder cost
/// more than the rest of the tick. The text is exactly `JSONWriter.encode(status)`'s (a test holds them together), so
/// `JSONValueDecoder` reads it back.
enum StatusJSON {
    /// The whole file as UTF-8, ending in a newline: what the daemon writes.
    static func bytes(of status: ServiceStatus) -> [UInt8] {
        var json = JSONWriter(capacity: 2048)
        json.beginObject()
        json.key("cards")
        json.beginArray()
        for card in status.cards { json.element(); json.card(card) }
        json.endArray()
        json.field("config", status.config)
        json.field("failSafeEvents", status.failSafeEvents)
        json.key("fans")
        json.beginArray()
        for fan in status.fans { json.element(); json.fan(fan) }
        json.endArray()
        json.field("faults", status.faults)
        json.field("format", status.format)
        json.field("intervalSeconds", status.intervalSeconds)
        json.field("pid", Int(status.pid))
        json.field("reloadError", status.reloadError)
        json.field("started", status.started)
        json.endObject()
        json.endLine()
        return json.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func card(_ card: ServiceStatus.Card) {
        beginObject()
        field("busyPercent", card.busyPercent)
        field("critical", card.critical)
        field("emergency", card.emergency)
        field("faults", card.faults)
        field("mclkMHz", card.mclkMHz)
        field("name", card.name)
        field("pciSlot", card.pciSlot)
        field("powerCapWatts", card.powerCapWatts)
        field("powerWatts", card.powerWatts)
        field("sclkMHz", card.sclkMHz)
        field("temperatures", card.temperatures)
        field("throttle", card.throttle)
        field("vramTotalBytes", card.vramTotalBytes)
        field("vramUsedBytes", card.vramUsedBytes)
        endObject()
    }

    fileprivate mutating func fan(_ fan: ServiceStatus.Fan) {
        beginObject()
        field("curve", fan.curve)
        field("dutyPercent", fan.dutyPercent)
        field("error", fan.error)
        field("mode", fan.mode)
        field("name", fan.name)
        field("output", fan.output)
        field("rpm", fan.rpm)
        field("stalled", fan.stalled)
        field("why", fan.why)
        endObject()
    }
}

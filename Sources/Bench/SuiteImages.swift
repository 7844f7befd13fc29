import Foundation

/// The benchmark suite's images, drawn in code: a geometry problem's diagram, a document to
/// read text from, and a scene to describe and tell a story about.
public enum SuiteImages {
    /// File name -> PNG bytes.
    public static func all() -> [String: Data] {
        ["geometry.png": geometry().png(), "receipt.png": receipt().png(), "scene.png": scene().png()]
    }

    /// A right triangle with legs 6 and 8 and the hypotenuse to find.
    static func geometry() -> PNGImage {
        var image = PNGImage(width: 480, height: 360)
        let black: (UInt8, UInt8, UInt8) = (0, 0, 0), blue: (UInt8, UInt8, UInt8) = (20, 60, 200)
        let a = (80, 300), b = (400, 300), c = (80, 60)
        image.line(a.0, a.1, b.0, b.1, black, thickness: 3)
        image.line(a.0, a.1, c.0, c.1, black, thickness: 3)
        image.line(c.0, c.1, b.0, b.1, blue, thickness: 3)
        image.line(80, 280, 100, 280, black)
        image.line(100, 280, 100, 300, black)
        image.text("A", x: 50, y: 305)
        image.text("B", x: 410, y: 305)
        image.text("C", x: 50, y: 40)
        image.text("AB = 8 CM", x: 180, y: 315)
        image.text("AC = 6 CM", x: 92, y: 170, scale: 2)
        image.text("BC = ?", x: 250, y: 150, scale: 3, blue)
        image.text("ANGLE A = 90", x: 260, y: 20, scale: 2)
        return image
    }

    /// The receipt's lines: the shop, the order, a header, the items with quantity and amount
    /// (the line's price), the total of the amounts and the payment.
    static let receiptLines: [String] = {
        func row(_ item: String, _ quantity: String, _ amount: String) -> String {
            item.padding(toLength: 16, withPad: " ", startingAt: 0) + quantity.padding(toLength: 3, withPad: " ", startingAt: 0)
                + String(repeating: " ", count: max(0, 7 - amount.count)) + amount
        }
        return ["HOMELAB PARTS CO.", "ORDER 20417", "", row("ITEM", "QTY", "AMOUNT"), row("MI50 32GB", "2", "280.00"), row("BLOWER FAN 97MM", "2", "24.50"),
                row("PWM CABLE", "4", "8.00"), row("THERMAL PAD", "1", "6.90"), "", row("TOTAL", "", "319.40"), "PAID: CARD  2026-11-02"]
    }()

    /// A shop receipt with items, their amounts and the total, all of it inside the picture.
    static func receipt() -> PNGImage {
        let margin = 24, pitch = 32
        let width = 2 * margin + (receiptLines.map { PNGImage.textWidth($0) }.max() ?? 0)
        var image = PNGImage(width: width, height: 2 * margin + receiptLines.count * pitch - (pitch - 21), background: (250, 248, 240))
        for (index, text) in receiptLines.enumerated() { image.text(text, x: margin, y: margin + index * pitch, scale: 3) }
        let rule = margin + (receiptLines.firstIndex { $0.hasPrefix("TOTAL") } ?? 0) * pitch - 6
        image.line(margin, rule, width - margin, rule, (0, 0, 0))
        return image
    }

    /// A server under a desk lamp next to a window with the moon.
    static func scene() -> PNGImage {
        var image = PNGImage(width: 480, height: 360, background: (235, 240, 250))
        image.fill(0, 280, 480, 80, (120, 90, 60))                         // floor
        image.fill(60, 150, 160, 130, (40, 40, 48))                        // server case
        for slot in 0..<4 { image.fill(75, 165 + slot * 25, 130, 12, (70, 70, 80)) }
        image.circle(195, 265, 6, (0, 220, 80), filled: true)              // power light
        image.fill(300, 40, 140, 120, (30, 40, 90))                        // night window
        image.circle(400, 80, 18, (250, 240, 200), filled: true)           // moon
        image.line(300, 100, 440, 100, (200, 200, 210))
        image.line(370, 40, 370, 160, (200, 200, 210))
        image.line(260, 280, 260, 190, (60, 60, 60), thickness: 4)         // lamp
        image.line(260, 190, 300, 170, (60, 60, 60), thickness: 4)
        image.circle(305, 172, 14, (255, 210, 80), filled: true)
        image.text("HOT", x: 100, y: 125, scale: 3, (200, 30, 30))
        return image
    }

    /// Draws every image into `directory` (made when missing) and returns their names, sorted.
    public static func write(into directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let images = all()
        for (name, data) in images { try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent(name)) }
        return images.keys.sorted()
    }
}

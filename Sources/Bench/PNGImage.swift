import Foundation

/// A small RGB canvas that writes itself as a PNG (stored deflate blocks, no compression
/// library needed): enough to draw the benchmark suite's test images in code, so nothing is
/// downloaded.
public struct PNGImage: Sendable {
    public let width: Int, height: Int
    private var pixels: [UInt8]

    /// A canvas filled with `background` (r, g, b).
    public init(width: Int, height: Int, background: (UInt8, UInt8, UInt8) = (255, 255, 255)) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            pixels[index * 3] = background.0
            pixels[index * 3 + 1] = background.1
            pixels[index * 3 + 2] = background.2
        }
    }

    /// Sets one pixel (outside the canvas: ignored).
    public mutating func set(_ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8)) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = (y * width + x) * 3
        pixels[index] = color.0
        pixels[index + 1] = color.1
        pixels[index + 2] = color.2
    }

    /// A line `thickness` pixels wide.
    public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ color: (UInt8, UInt8, UInt8), thickness: Int = 2) {
        let steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for step in 0...steps {
            let x = x0 + (x1 - x0) * step / steps, y = y0 + (y1 - y0) * step / steps
            fill(x - thickness / 2, y - thickness / 2, thickness, thickness, color)
        }
    }

    /// A filled rectangle.
    public mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ color: (UInt8, UInt8, UInt8)) {
        for row in y..<(y + h) { for column in x..<(x + w) { set(column, row, color) } }
    }

    /// A circle, filled or as an outline.
    public mutating func circle(_ cx: Int, _ cy: Int, _ r: Int, _ color: (UInt8, UInt8, UInt8), filled: Bool) {
        for y in (cy - r)...(cy + r) {
            for x in (cx - r)...(cx + r) {
                let d = (x - cx) * (x - cx) + (y - cy) * (y - cy)
                if filled ? d <= r * r : abs(d - r * r) <= r * 2 { set(x, y, color) }
            }
        }
    }

    /// Text in the built-in 5x7 font, `scale` pixels per dot.
    public mutating func text(_ string: String, x: Int, y: Int, scale: Int = 3, _ color: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
        var cursor = x
        for character in string.uppercased() {
            if let rows = BitmapFont.glyphs[character] {
                for (row, bits) in rows.enumerated() {
                    for (column, bit) in bits.enumerated() where bit == "#" {
                        fill(cursor + column * scale, y + row * scale, scale, scale, color)
                    }
                }
            }
            cursor += 6 * scale
        }
    }

    /// The colour of one pixel (inside the canvas).
    public func pixel(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let index = (y * width + x) * 3
        return (pixels[index], pixels[index + 1], pixels[index + 2])
    }

    /// How many pixels wide `text` draws at `scale` (the last glyph without its spacing).
    public static func textWidth(_ text: String, scale: Int = 3) -> Int { max(0, text.count * 6 * scale - scale) }

    /// The PNG file's bytes.
    public func png() -> Data {
        var raw = Data(capacity: (width * 3 + 1) * height)
        for row in 0..<height {
            raw.append(0)   // filter: none
            raw.append(contentsOf: pixels[(row * width * 3)..<((row + 1) * width * 3)])
        }
        var zlib = Data([0x78, 0x01])
        var offset = 0
        repeat {
            let size = min(65535, raw.count - offset)
            let final: UInt8 = offset + size >= raw.count ? 1 : 0
            zlib.append(final)
            zlib.append(contentsOf: [UInt8(size & 0xFF), UInt8(size >> 8), UInt8(~size & 0xFF), UInt8((~size >> 8) & 0xFF)])
            zlib.append(raw[offset..<(offset + size)])
            offset += size
        } while offset < raw.count
        zlib.append(contentsOf: bigEndian(adler32(raw)))
        var file = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        file.append(chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0]))
        file.append(chunk("IDAT", Array(zlib)))
        file.append(chunk("IEND", []))
        return file
    }

    private func chunk(_ type: String, _ data: [UInt8]) -> Data {
        let typed = Array(type.utf8) + data
        return Data(bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed)))
    }

    private func bigEndian(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }

    private func adler32(_ data: Data) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    private func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

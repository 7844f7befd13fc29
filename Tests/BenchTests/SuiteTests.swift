@testable import Bench
import Foundation
import Testing

private let suitePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("bench/suites/mi50-blog.yaml").path

@Test("the shipped suite has the eight tasks in English and Chinese, and its images exist")
func shippedSuite() throws {
    let suite = try BenchSuite.load(path: suitePath)
    #expect(suite.tasks.map(\.id) == ["image-description", "image-story", "geometry-problem", "text-extraction",
                                      "algebra", "gaokao-essay", "frontend-coding", "task-plan"])
    let all = suite.requests(suitePath: suitePath, modelClass: nil, languages: [], maxTokens: nil)
    #expect(all.count == 16)
    #expect(Set(all.map(\.language)) == ["en", "zh"])
    for request in all where request.imagePath != nil { #expect(FileManager.default.fileExists(atPath: request.imagePath!)) }
    let moe = suite.requests(suitePath: suitePath, modelClass: "moe", languages: ["zh"], maxTokens: 16)
    #expect(moe.count == 4 && moe.allSatisfy { $0.maxTokens == 16 && $0.imagePath == nil })
}

@Test("the suite's images are drawn by the program: valid PNGs, and the committed ones match")
func images() throws {
    for (name, data) in SuiteImages.all() {
        let bytes = [UInt8](data)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        let committed = (suitePath as NSString).deletingLastPathComponent + "/images/" + name
        #expect(FileManager.default.contents(atPath: committed) == data, "regenerate with `mi50fan bench --write-images bench/suites/images`")
    }
}

@Test("the receipt shows every line whole, prices and total included: nothing drawn within its margin of an edge")
func receiptFits() throws {
    let image = SuiteImages.receipt()
    let background = image.pixel(0, 0)
    var inked: (left: Int, right: Int, top: Int, bottom: Int) = (image.width, -1, image.height, -1)
    for y in 0..<image.height {
        for x in 0..<image.width where image.pixel(x, y) != background {
            inked = (min(inked.left, x), max(inked.right, x), min(inked.top, y), max(inked.bottom, y))
        }
    }
    #expect(inked.left >= 10 && inked.top >= 10 && inked.right < image.width - 10 && inked.bottom < image.height - 10, "\(inked) in \(image.width)×\(image.height)")
    let lines = SuiteImages.receiptLines
    for price in ["280.00", "24.50", "8.00", "6.90", "319.40"] { #expect(lines.contains { $0.hasSuffix(price) }, "\(price) is on the receipt") }
    #expect(lines.allSatisfy { 24 + PNGImage.textWidth($0) <= image.width - 24 })
}

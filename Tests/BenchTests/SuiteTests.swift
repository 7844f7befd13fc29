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

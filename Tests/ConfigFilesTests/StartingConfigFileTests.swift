import ConfigFiles
import Foundation
import Testing

private let starting = "version: 1\n# detect's config\n"

@Test("a starting config goes where none is, making its directory")
func startingConfigIntoNewDirectory() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/etc/mi50fan/config.yaml"
    try StartingConfigFile.write(starting, to: path, force: false)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == starting)
}

@Test("an untouched copy of the shipped example is replaced; an edited one is kept unless forced, and then kept as NAME~")
func startingConfigOverExisting() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("config.yaml", ShippedConfigExample.text)
    try StartingConfigFile.write(starting, to: path, force: false)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == starting, "the example holds nothing of the user's")

    let edited = ShippedConfigExample.text + "# mine\n"
    try directory.write("config.yaml", edited)
    #expect {
        try StartingConfigFile.write(starting, to: path, force: false)
    } throws: { error in
        (error as? StartingConfigFile.Refusal)?.description == "\(path) exists; not overwritten. Use --force to replace it (the old one is kept as \(path)~)."
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == edited, "refused: nothing changed")

    try StartingConfigFile.write(starting, to: path, force: true)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == starting)
    #expect(try String(contentsOfFile: path + "~", encoding: .utf8) == edited, "the replaced config is kept beside it")
}

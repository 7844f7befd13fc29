import ConfigFiles
import Testing

@Test("the editor is $VISUAL, else $EDITOR, else vi; an empty variable counts as unset",
      arguments: [([:], "vi"), (["EDITOR": "nano"], "nano"), (["VISUAL": "code --wait", "EDITOR": "nano"], "code --wait"),
                  (["VISUAL": "", "EDITOR": "nano"], "nano"), (["VISUAL": "", "EDITOR": ""], "vi")])
func editorChoice(environment: [String: String], expected: String) {
    #expect(Editor(environment: environment).command == expected)
}

@Test("the editor's exit status comes back as a shell tells it")
func editorStatus() async throws {
    #expect(try await Editor(environment: ["EDITOR": "true"]).edit("/dev/null") == 0)
    #expect(try await Editor(environment: ["EDITOR": "sh -c 'exit 4' --"]).edit("/dev/null") == 4)
    #expect(try await Editor(environment: ["EDITOR": "kill -TERM $$ #"]).edit("/dev/null") == 128 + 15, "the shell itself killed")
}

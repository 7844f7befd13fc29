import Foundation
import Testing
import TestSupport

@Test("bench records what a real llama.cpp server serves (/v1/models, /props) and warns when --model names something else",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func benchServerMetadata() throws {
    let server = try LlamaServer()
    let suite = try stubSuite(tasks: 1, maxTokens: 2)
    defer { try? FileManager.default.removeItem(atPath: suite) }
    for model in ["tiny", "gemma-3-27b"] {
        let out = scratchRunDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "llamacpp", "--model", model, "--suite", suite,
                                     "--no-warmup", "--output", out, "--root", out + "/no-machine"])
        #expect(result.status == 0, "\(result.stderr)")
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let metadata = try #require(run?["server"] as? [String: Any])
        #expect(metadata["models"] as? [String] == ["tiny"], "the alias the test server gives its model")
        let details = metadata["details"] as? [String: String] ?? [:]
        #expect(details["props.model_path"]?.hasSuffix("tiny.gguf") == true, "\(details)")
        #expect(details["props.default_generation_settings.n_ctx"] == "8192", "\(details)")
        let warned = result.stderr.contains("warning: the server does not list the model `\(model)` (it serves tiny)")
        #expect(warned == (model != "tiny"), "\(result.stderr)")
    }
}

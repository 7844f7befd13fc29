@testable import Bench
import Testing

@Test("a model the server does not list is warned about; ollama's implicit :latest matches; a server that lists nothing is not judged")
func modelWarning() {
    let ollama = ServerMetadata(models: ["qwen3:latest", "gemma3:27b"])
    #expect(ollama.warning(model: "qwen3") == nil)
    #expect(ollama.warning(model: "gemma3:27b") == nil)
    #expect(ollama.warning(model: "gemma3")?.contains("qwen3:latest, gemma3:27b") == true)
    #expect(ServerMetadata().warning(model: "anything") == nil)
}

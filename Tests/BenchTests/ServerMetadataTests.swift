@testable import Bench
import JSONText
import Testing

@Test("a model the server does not list is warned about; ollama's implicit :latest matches; a server that lists nothing is not judged")
func modelWarning() {
    let ollama = ServerMetadata(models: ["qwen3:latest", "gemma3:27b"])
    #expect(ollama.warning(model: "qwen3") == nil)
    #expect(ollama.warning(model: "gemma3:27b") == nil)
    #expect(ollama.warning(model: "gemma3")?.contains("qwen3:latest, gemma3:27b") == true)
    #expect(ServerMetadata().warning(model: "anything") == nil)
}

@Test("details keep a reply's scalars two levels deep, as the server spelt them; long texts and deeper levels stay out")
func detailsFlattening() throws {
    let props = try JSONValue.parse("""
        {"model_path": "/models/tiny.gguf", "total_slots": 4, "ratio": 1e-05, "is_sleeping": false, "chat_template": "\(String(repeating: "x", count: 201))",
         "default_generation_settings": {"n_ctx": 8192, "params": {"top_k": 40, "deeper": {"lost": 1}}}}
        """)
    var metadata = ServerMetadata()
    metadata.add("props", try #require(props.objectMembers))
    #expect(metadata.details == ["props.model_path": "/models/tiny.gguf", "props.total_slots": "4", "props.ratio": "1e-05",
                                 "props.is_sleeping": "false", "props.default_generation_settings.n_ctx": "8192",
                                 "props.default_generation_settings.params.top_k": "40"])
}

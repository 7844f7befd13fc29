#!/usr/bin/env python3
"""Writes a tiny llama-architecture GGUF with random weights, for benchmark tests: llama.cpp
loads and serves it on a CPU in milliseconds. Its text is noise, but its token counts and its
server timings are real. Deterministic for a seed. Needs the `gguf` package (and numpy).

usage: make-tiny-model.py OUT.gguf [--seed 0]
"""
import argparse
import string

import gguf
import numpy as np

LAYERS, DIM, HEADS, KV_HEADS, FF, CTX = 2, 64, 4, 2, 256, 8192
CHAT_TEMPLATE = (
    "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def vocabulary():
    """Control tokens, 256 byte-fallback tokens (so any UTF-8 text tokenizes), single
    characters and a few whole words (so common English text takes fewer tokens)."""
    entries = [("<unk>", 0.0, gguf.TokenType.UNKNOWN), ("<s>", 0.0, gguf.TokenType.CONTROL),
               ("</s>", 0.0, gguf.TokenType.CONTROL)]
    entries += [(f"<0x{b:02X}>", 0.0, gguf.TokenType.BYTE) for b in range(256)]
    entries += [(c, -1000.0, gguf.TokenType.NORMAL) for c in "\u2581" + string.ascii_letters + string.digits + string.punctuation]
    known = {e[0] for e in entries}
    rank = 0
    for word in "the and of to in is it that for fan card heat cool speed token model server write plan".split():
        for piece in (word, "\u2581" + word):
            for end in range(2, len(piece) + 1):
                if piece[:end] not in known:
                    known.add(piece[:end])
                    rank += 1
                    entries.append((piece[:end], -float(rank), gguf.TokenType.NORMAL))
    return entries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    random = np.random.default_rng(args.seed)
    entries = vocabulary()
    head = DIM // HEADS

    writer = gguf.GGUFWriter(args.out, "llama")
    writer.add_name("mi50fan-tiny-test-model")
    writer.add_context_length(CTX)
    writer.add_embedding_length(DIM)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FF)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    writer.add_rope_dimension_count(head)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(len(entries))
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list([e[0] for e in entries])
    writer.add_token_scores([e[1] for e in entries])
    writer.add_token_types([int(e[2]) for e in entries])
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)

    def weights(rows, columns, scale=0.02):   # numpy shape is ggml's, reversed
        return (random.standard_normal((rows, columns), dtype=np.float32) * scale).astype(np.float32)

    writer.add_tensor("token_embd.weight", weights(len(entries), DIM, 1.0))
    for layer in range(LAYERS):
        prefix = f"blk.{layer}."
        writer.add_tensor(prefix + "attn_norm.weight", np.ones(DIM, dtype=np.float32))
        writer.add_tensor(prefix + "attn_q.weight", weights(HEADS * head, DIM))
        writer.add_tensor(prefix + "attn_k.weight", weights(KV_HEADS * head, DIM))
        writer.add_tensor(prefix + "attn_v.weight", weights(KV_HEADS * head, DIM))
        writer.add_tensor(prefix + "attn_output.weight", weights(DIM, HEADS * head))
        writer.add_tensor(prefix + "ffn_norm.weight", np.ones(DIM, dtype=np.float32))
        writer.add_tensor(prefix + "ffn_gate.weight", weights(FF, DIM))
        writer.add_tensor(prefix + "ffn_up.weight", weights(FF, DIM))
        writer.add_tensor(prefix + "ffn_down.weight", weights(DIM, FF))
    writer.add_tensor("output_norm.weight", np.ones(DIM, dtype=np.float32))
    writer.add_tensor("output.weight", weights(len(entries), DIM, 1.0))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    main()

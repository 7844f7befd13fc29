#!/usr/bin/env python3
"""Serves a GGUF model with llama.cpp's own HTTP server (the xllamacpp wheel embeds it):
the same /health, /completion and /v1/chat/completions as `llama-server`, on a CPU.

usage: serve.py MODEL.gguf PORT
Prints `listening` once the server answers, then serves until SIGTERM or SIGINT.
"""
import os
import signal
import sys
import threading

# The server outlives the script that started it: drop every descriptor inherited from the
# caller, who may be waiting for all of them to close.
os.closerange(3, 65536)

import xllamacpp  # noqa: E402


def main():
    model, port = sys.argv[1], int(sys.argv[2])
    params = xllamacpp.CommonParams()
    params.model.path = model
    params.model_alias = {"tiny"}
    params.n_ctx = 8192
    params.n_parallel = 1
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_gpu_layers = 0
    server = xllamacpp.Server(params)
    print("listening", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    del server


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A scripted inference server for the benchmark's failure tests: each chat request gets the
next scenario of the script (the last one repeats); any other path is 404.

usage: stub-server.py SCENARIO...
Listens on 127.0.0.1 on an ephemeral port and prints `port N`; then, for every request,
`request N SCENARIO PATH` and `body BODY` (after reading the whole request; stdout is flushed
on every line). Scenarios:

  ok           a chunked OpenAI-style stream: 3 tokens, llama.cpp timings (prefill 100, decode 10,
               prompt_n 40 and cache_n from the CACHED variable, 0 by default), usage, [DONE]
  cut          a chunked stream cut after 2 tokens (the connection closes mid-chunk sequence)
  cut-plain    an unchunked stream that closes after 2 tokens, with no final event
  html         200 with an HTML page
  garbage      200 with a line that is not JSON
  empty        200 with an empty body
  error-event  200 with an SSE stream whose only event is an error
  hang         reads the request and does not answer (closes after 60 s, to bound a broken test)
  drip         sends a token every 0.2 s (for 60 s, then closes)
"""
import json
import os
import socket
import sys
import threading
import time

CACHED = int(os.environ.get("CACHED", "0"))


def chunk(payload):
    data = payload.encode()
    return b"%x\r\n" % len(data) + data + b"\r\n"


def event(obj):
    return "data: " + json.dumps(obj) + "\n\n"


def token(text):
    return event({"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]})


def final():
    return event({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}],
                  "usage": {"prompt_tokens": 40, "completion_tokens": 3,
                            "prompt_tokens_details": {"cached_tokens": CACHED}},
                  "timings": {"prompt_n": 40 - CACHED, "cache_n": CACHED, "prompt_per_second": 100.0,
                              "predicted_n": 3, "predicted_per_second": 10.0}}) + "data: [DONE]\n\n"


CHUNKED = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"


def plain(content_type, body):
    data = body.encode()
    return (b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
            % (content_type.encode(), len(data))) + data


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        more = conn.recv(65536)
        if not more:
            return None, None
        data += more
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode(errors="replace").split("\r\n")
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    while len(body) < length:
        more = conn.recv(65536)
        if not more:
            break
        body += more
    return lines[0].split(" ")[1], body.decode(errors="replace")


CHAT_PATHS = ("/v1/chat/completions", "/api/chat", "/completion")
state = {"number": 0}


def serve(conn, script, lock):
    path, body = read_request(conn)
    if path not in CHAT_PATHS:
        # Metadata questions (/v1/models, /props, /api/show...): not found, and no scenario used.
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        conn.close()
        return
    with lock:
        number = state["number"] = state["number"] + 1
        scenario = script[min(number - 1, len(script) - 1)]
        print("request %d %s %s" % (number, scenario, path), flush=True)
        print("body " + (body or "").replace("\n", " "), flush=True)
    if scenario == "ok":
        conn.sendall(CHUNKED)
        for text in ["a", "b", "c"]:
            conn.sendall(chunk(token(text)))
        conn.sendall(chunk(final()) + b"0\r\n\r\n")
    elif scenario == "cut":
        conn.sendall(CHUNKED + chunk(token("a")) + chunk(token("b")))
    elif scenario == "cut-plain":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                     + (token("a") + token("b")).encode())
    elif scenario == "html":
        conn.sendall(plain("text/html", "<html><body><h1>Welcome to nginx!</h1></body></html>\n"))
    elif scenario == "garbage":
        conn.sendall(plain("text/plain", "this is not json\n"))
    elif scenario == "empty":
        conn.sendall(plain("application/json", ""))
    elif scenario == "error-event":
        conn.sendall(plain("text/event-stream", event({"error": {"code": 500, "message": "the model crashed"}})))
    elif scenario == "hang":
        threading.Event().wait(60)
    elif scenario == "drip":
        conn.sendall(CHUNKED)
        for _ in range(300):
            conn.sendall(chunk(token("x")))
            time.sleep(0.2)
    conn.close()


def main():
    script = sys.argv[1:] or ["ok"]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print("port %d" % listener.getsockname()[1], flush=True)
    lock = threading.Lock()
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, script, lock), daemon=True).start()


if __name__ == "__main__":
    main()

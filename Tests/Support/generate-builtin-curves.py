#!/usr/bin/env python3
"""Regenerates Sources/ConfigFiles/BuiltInCurves.swift from curves/*.yaml (`make builtin-curves`).
A test fails when the two disagree."""
import os

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
curves = sorted(f for f in os.listdir(os.path.join(top, "curves")) if f.endswith(".yaml"))
out = ["/// The shipped curves, built in, so the simulator and the demo work before anything is",
       "/// installed. Generated from `curves/` by `make builtin-curves`; a test checks they agree.",
       "public enum BuiltInCurves {",
       "    /// Curve name -> file text (without its final newline).",
       "    public static let files: [String: String] = ["]
for name in curves:
    text = open(os.path.join(top, "curves", name)).read()
    out.append('        "%s": """' % name[:-5])
    for line in text.rstrip("\n").split("\n"):
        out.append("            " + line.replace("\\", "\\\\") if line else "")
    out.append('            """,')
out += ["    ]", "}"]
with open(os.path.join(top, "Sources/ConfigFiles/BuiltInCurves.swift"), "w") as f:
    f.write("\n".join(out) + "\n")

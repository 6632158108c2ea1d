// List the standard-library files the answer checker uses, so the book can serve only those.
//
//   node _ext/checker_modules.mjs <pyodide folder> <answers.py>
//
// Starts the Pyodide core (offline), imports answers.py, judges an answer of every kind,
// right, wrong and unreadable, and one bad spec (an error's traceback needs its own modules),
// then prints, as JSON, the path inside python_stdlib.zip of every module Python has loaded.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [folder, answers] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(folder) + "/" });
pyodide.FS.writeFile("/home/pyodide/answers.py", readFileSync(answers, "utf8"));
const files = pyodide.runPython(String.raw`
import json, sys
import answers

def judge(spec, *givens):
    for given in givens:
        try:
            answers.check_json(json.dumps(spec), json.dumps(given))
        except Exception:
            import traceback
            traceback.format_exc()

judge({"kind": "number", "answer": 27.3, "tolerance": 0.05, "units": ["RMB bn"]},
      "27,3 bn", "1.234,5", "1 234", "-", "abc", "", None)
judge({"kind": "choice", "options": {"A": "a", "B": "b"}, "correct": "A"}, "A", "B", None)
judge({"kind": "order", "order": ["x", "y"], "items": ["y", "x"]}, {"x": "1", "y": "2"}, {})
judge({"kind": "sort", "solution": {"x": "a"}, "categories": ["a", "b"], "items": ["x"]},
      {"x": "b"}, {"x": "a"})
judge({"kind": "place", "scale": ["lo", "hi"], "evidence": {"x": 0}, "reasons": {"x": "r"},
       "tolerance": 1, "items": ["x"]}, {"x": "hi"}, {"x": "lo"})
judge({"kind": "unknown"}, None)
json.dumps(sorted({module.__file__.split(".zip/", 1)[1] for module in list(sys.modules.values())
                   if ".zip/" in (getattr(module, "__file__", None) or "")}))
`);
process.stdout.write(files + "\n");

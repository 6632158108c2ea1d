"""Serve a built book on 127.0.0.1 with gzip compression, as a static host would.

Python's http.server sends every file uncompressed, which makes a page look several times
heavier than it is on GitHub Pages or any other host. This server gzips text assets (HTML,
CSS, JavaScript, JSON, SVG, source maps, fonts without their own compression) once, keeps
them in memory, and sends them to clients that accept gzip. It binds to 127.0.0.1 only and
stops by itself after ``--timeout`` seconds, so a crashed benchmark cannot leave it behind.

Every response says ``Cache-Control: no-cache``, and the gzipped ones carry no Last-Modified
or ETag to revalidate against, so the browser fetches every asset again on every page: the
right thing while editing, but it makes a reader's second page cost as much as the first.
Static hosts let the browser keep assets (GitHub Pages: ``max-age=600`` with an ETag), so
``--cache-static`` sends ``Cache-Control: public, max-age=3600`` for files under _static/
(theme, widget scripts, the answer checker), while pages stay ``no-cache``. The answer
checker's benchmark (tools/bench_checker.py) uses it to time a second page with a warm cache.

    python tools/serve.py _build/html --port 8000 --timeout 600 [--cache-static]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".map", ".txt", ".xml",
                ".csv", ".ttf", ".eot", ".otf", ".ico", ".wasm", ".py"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-encoded where the client accepts it and the type compresses."""

    _cache: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()

    def __init__(self, *args, cache_static: bool = False, **kwargs) -> None:
        self.cache_static = cache_static
        self._status = 0
        super().__init__(*args, **kwargs)  # handles the request: set the attributes first

    def log_message(self, *args: object) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        static = self.path.split("?", 1)[0].startswith("/_static/") and self._status == 200
        if self.cache_static and static:
            self.send_header("Cache-Control", "public, max-age=3600")
        else:
            # Revalidate on every visit; a benchmark should never read a stale asset.
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            index = path / "index.html"
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's slash
            path = index
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix.lower() not in COMPRESSIBLE or not accepts_gzip:
            return super().send_head()
        body = self._gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    @classmethod
    def _gzipped(cls, path: Path) -> bytes:
        key = (str(path), path.stat().st_mtime)
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            return cls._cache[key]


def make_server(root: Path, port: int = 0, cache_static: bool = False) -> http.server.ThreadingHTTPServer:
    """A gzip-serving HTTP server for ``root`` on 127.0.0.1 (port 0: any free port).

    ``cache_static``: let browsers keep files under _static/ for an hour, as a static host would.
    """
    handler = functools.partial(GzipHandler, directory=str(root), cache_static=cache_static)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder to serve, e.g. _build/html")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before it stops")
    parser.add_argument("--cache-static", action="store_true",
                        help="send Cache-Control: public, max-age=3600 for files under _static/")
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        print(f"{args.root}: no index.html; build the book first (make book)", file=sys.stderr)
        return 1
    server = make_server(args.root, args.port, cache_static=args.cache_static)
    timer = threading.Timer(args.timeout, server.shutdown)
    timer.daemon = True
    timer.start()
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())

"""The only way WeasyPrint may load anything: `data:` URIs and files inside the templates folder.

Card and evidence text is escaped, but a sandbox does not rely on that: `<img src="file:///etc/passwd">`,
`<a rel="attachment" href="file:///...">` (which would embed the file in the PDF), `@import` and any
network URL are refused. Symlinks are resolved before the check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import URLFetcher  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]

_TYPES = {".css": "text/css", ".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2",
          ".svg": "image/svg+xml", ".png": "image/png"}


class SandboxFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serve files under `root` (and `data:` URIs); refuse and remember everything else."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, timeout=2)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve()
            if parts.netloc in ("", "localhost") and path.is_relative_to(self.root) and path.is_file():
                content_type = _TYPES.get(path.suffix.lower(), "application/octet-stream")
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
        self.refused.append(url)
        raise ValueError(f"resource refused by the dossier sandbox: {url}")

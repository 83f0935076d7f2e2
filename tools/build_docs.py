"""Builds the reference of ``starlane.net`` (pdoc) with the guide as its landing page, and
the protocol description beside it, into one folder. Any pdoc warning fails the build.

    python tools/build_docs.py OUT     (tools/docs runs it into build/docs)
"""

from __future__ import annotations

import importlib
import inspect
import sys
import warnings
from pathlib import Path

import pdoc
import pdoc.render
import pdoc.render_helpers

import starlane

ROOT = Path(__file__).resolve().parent.parent
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><style>body{{font-family:sans-serif;max-width:56rem;margin:2rem auto;
padding:0 1rem;line-height:1.5}}pre,code{{background:#f6f6f6}}pre{{padding:.6rem;overflow:auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}</style>
</head><body><p><a href="starlane/net.html">starlane.net reference and guide</a></p>
{body}</body></html>
"""


def public_modules(package: str) -> list[str]:
    """``package`` and the modules its ``__all__`` names that live deeper down
    (``starlane.net.messages`` is ``starlane.net.wire.messages``: pdoc is given those by
    their real names; it finds the package's direct submodules itself)."""
    module = importlib.import_module(package)
    names = [package]
    for name in getattr(module, "__all__", ()):
        member = getattr(module, name, None) or importlib.import_module(f"{package}.{name}")
        if inspect.ismodule(member) and member.__name__.rpartition(".")[0] != package:
            names.append(member.__name__)
    return names


def reference(out: Path, module: str = "starlane.net") -> list[str]:
    """Writes pdoc's pages for ``module`` and its public submodules into ``out``; returns
    pdoc's warnings (an unresolvable annotation or link, a module that fails to import)."""
    pdoc.render.configure(docformat="restructuredtext", search=True, show_source=True,
                          footer_text=f"starlane {starlane.__version__}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*public_modules(module), output_directory=out)
    return [f"{w.category.__name__}: {w.message}" for w in caught]


def build(out: Path) -> list[str]:
    """Writes the reference and the protocol page into ``out``; returns the warnings
    (empty: a clean build)."""
    problems = reference(out)
    protocol = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    (out / "protocol.html").write_text(PAGE.format(
        title="The Starlane / Neteria wire protocol",
        body=pdoc.render_helpers.to_html(protocol)), encoding="utf-8")
    landing = out / "starlane" / "net.html"  # the guide links protocol.md, its neighbour in docs/
    landing.write_text(landing.read_text(encoding="utf-8").replace(
        'href="protocol.md', 'href="../protocol.html'), encoding="utf-8")
    return problems


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/docs")
    problems = build(out)
    for problem in problems:
        print(f"docs: {problem}", file=sys.stderr)
    if problems:
        print(f"docs: {len(problems)} warning(s): the build fails", file=sys.stderr)
        return 1
    print(f"docs: {out / 'index.html'} (reference and guide), {out / 'protocol.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

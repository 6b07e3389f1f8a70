"""Rendering a report as one self-contained HTML file (charts work offline, from disk).

The Vega, Vega-Lite and vega-embed JavaScript comes from ``vl-convert-python``'s bundle and
is inlined into the page, as is the style sheet: the file makes no network request.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import altair as alt
import jinja2

from ontable.io import atomic_write_text
from ontable.report.blocks import Card, Chart, Finding, Group, Link, Note, Report, Table, Words


def _cache_dir() -> Path:
    """Where the built JavaScript bundle is kept between runs (``ONTABLE_CACHE`` overrides)."""
    if os.environ.get("ONTABLE_CACHE"):
        return Path(os.environ["ONTABLE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ontable"


def _build_assets() -> dict[str, Any]:
    import vl_convert as vlc

    wanted = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "v6.4.1" -> "6.4"
    available = list(vlc.get_vegalite_versions())
    vega_lite = wanted if wanted in available else available[-1]
    versions = {
        "vega-lite": vega_lite,
        "vega": str(vlc.get_vega_version()),
        "vega-embed": str(vlc.get_vega_embed_version()),
    }
    globals_ = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
    script: str = vlc.javascript_bundle(globals_, vl_version=vega_lite)
    return {"versions": versions, "script": script}


@lru_cache(maxsize=1)
def _assets() -> dict[str, Any]:
    """Vega versions and bundle: built by ``vl-convert`` once per installed version, then read
    from the cache folder (building takes seconds; reading, milliseconds). A cache that
    cannot be read or written is simply rebuilt."""
    key = f"{metadata.version('vl-convert-python')}-{alt.SCHEMA_VERSION}"
    path = _cache_dir() / f"vega-bundle-{re.sub(r'[^A-Za-z0-9.]+', '_', key)}.json"
    try:
        cached: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached.get("script"), str) and isinstance(cached.get("versions"), dict):
            return cached
    except (OSError, ValueError):
        pass
    assets = _build_assets()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(assets))
    except OSError:
        pass
    return assets


def vega_versions() -> dict[str, str]:
    """The versions of Vega-Lite (matching Altair's schema where possible), Vega and vega-embed."""
    return dict(_assets()["versions"])


def vega_bundle() -> str:
    """The JavaScript of Vega, Vega-Lite and vega-embed in one script (globals ``vegaEmbed``)."""
    script: str = _assets()["script"]
    # A literal "</script" would end the inline <script> element early.
    return script.replace("</script", "<\\/script")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    )
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ontable.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = _script_json
    env.filters["cell"] = _format_cell
    env.tests["card"] = lambda b: isinstance(b, Card)
    env.tests["chart"] = lambda b: isinstance(b, Chart)
    env.tests["group"] = lambda b: isinstance(b, Group)
    env.tests["note"] = lambda b: isinstance(b, Note)
    env.tests["finding"] = lambda b: isinstance(b, Finding)
    env.tests["table"] = lambda b: isinstance(b, Table)
    env.tests["link"] = lambda b: isinstance(b, Link)
    env.tests["links"] = lambda b: isinstance(b, tuple)
    env.tests["words"] = lambda b: isinstance(b, Words)
    return env


def _format_cell(value: object) -> str:
    """Numbers without spurious decimals, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:g}"
    return str(value)


def render_html(report: Report) -> str:
    """The report as the text of one self-contained HTML page."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        vega_js=vega_bundle(),
        versions=vega_versions(),
        embed_options={"renderer": "svg", "actions": False},
    )


def write_html(report: Report, path: Path) -> list[Path]:
    """Write the report's HTML to ``path`` atomically; returns the files written (just it)."""
    atomic_write_text(path, render_html(report))
    return [path]

"""Write the web UI's offline world map (src/claimledger/serve/static/world-110m.json) from the
npm package world-atlas (Natural Earth 1:110m country outlines as TopoJSON; Natural Earth is in
the public domain, world-atlas is ISC-licensed).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/vendor_world_map.py package/countries-110m.json

Each country becomes one SVG path in an equirectangular frame (x = longitude + 180, y = 90 -
latitude, a tenth of a degree), so the page draws it without a projection library or tiles.
Antarctica is left out: no claim is placed there, and the map is shorter without it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/claimledger/serve/static/world-110m.json"
LEFT_OUT = {"010"}  # Antarctica


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (eastern Russia, Fiji) kept in one piece: its western
    longitudes continue past 180 (drawn beyond the right edge) instead of a band across the map."""
    crosses = any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:], strict=False))
    return [(lon + 360 if crosses and lon < 0 else lon, lat) for lon, lat in points]


def path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in map(unwrapped, rings):
        xy = []
        last = None
        for lon, lat in points:
            p = (round(lon + 180, 1), round(90 - lat, 1))
            if p != last:
                xy.append(f"{p[0]:g} {p[1]:g}")
                last = p
        if len(xy) >= 3:
            parts.append("M" + "L".join(xy) + "Z")
    return "".join(parts)


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in LEFT_OUT or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        countries.append({"id": geometry.get("id"), "name": geometry["properties"]["name"], "d": path(rings)})
    document = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via the npm package "
                  "world-atlas 2.0.2 (ISC); see tools/vendor_world_map.py",
        "frame": {"width": 360, "height": 150, "x": "longitude + 180", "y": "90 - latitude"},
        "countries": countries,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(countries)} countries to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])

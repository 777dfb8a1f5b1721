// claimledger map page: draws the claims' places (from /api/map, with the page's filters) on the
// country outlines vendored in /static/world-110m.json (Natural Earth 1:110m, an equirectangular
// frame: x = longitude + 180, y = 90 - latitude). Plain SVG, no library, no tiles. Each mark is a
// link to the claims at its place; text goes in with textContent, never as markup.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 360, HEIGHT = 150;
  var PALETTE = ["#cf222e", "#1f6feb", "#1a7f37", "#bf8700", "#8250df", "#e16f24", "#0a7ea4", "#6e7781",
                 "#bf3989", "#4d2d00", "#116329", "#953800"];

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function xy(place) {
    return [place.lon + 180, 90 - place.lat];
  }

  function graticule(group) {
    for (var lon = 30; lon < WIDTH; lon += 30) {
      group.appendChild(el("line", { "class": "grid", x1: lon, y1: 0, x2: lon, y2: HEIGHT }));
    }
    for (var lat = 30; lat < HEIGHT; lat += 30) {
      group.appendChild(el("line", { "class": "grid", x1: 0, y1: lat, x2: WIDTH, y2: lat }));
    }
  }

  function land(group, outlines) {
    outlines.countries.forEach(function (c) {
      var path = el("path", { "class": "land", d: c.d });
      path.setAttribute("data-country", c.name);
      group.appendChild(path);
    });
  }

  // The view that holds every mark with a margin, in the map's proportions (at least 24° wide).
  function fitted(places) {
    if (!places.length) { return [0, 0, WIDTH, HEIGHT]; }
    var xs = places.map(function (p) { return xy(p)[0]; });
    var ys = places.map(function (p) { return xy(p)[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var w = Math.max(24, (x1 - x0) * 1.25 + 8), h = Math.max(w * HEIGHT / WIDTH, (y1 - y0) * 1.25 + 8);
    w = Math.min(WIDTH, Math.max(w, h * WIDTH / HEIGHT));
    h = Math.min(HEIGHT, w * HEIGHT / WIDTH);
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    var left = Math.min(Math.max(0, cx - w / 2), WIDTH - w), top = Math.min(Math.max(0, cy - h / 2), HEIGHT - h);
    return [left, top, w, h];
  }

  function describe(place) {
    var kinds = Object.keys(place.kinds).map(function (k) { return k + " " + place.kinds[k]; }).join(", ");
    var when = place.first ? (place.first === place.last ? place.first : place.first + " – " + place.last) : "";
    var lines = [place.name + (place.country_name && place.country_name !== place.name ? ", " + place.country_name : ""),
                 place.claims + (place.claims === 1 ? " claim" : " claims") + ": " + kinds];
    if (when) { lines.push(when); }
    place.threads.slice(0, 4).forEach(function (t) { lines.push("thread: " + t.label); });
    return lines;
  }

  function draw(svg, places, view) {
    var marks = svg.querySelector("#map-marks");
    var scale = view[2] / WIDTH;
    marks.textContent = "";
    var colors = {};
    places.forEach(function (p) {
      if (!(p.kind in colors)) { colors[p.kind] = PALETTE[Object.keys(colors).length % PALETTE.length]; }
    });
    // largest first, so small marks stay on top and reachable
    places.slice().sort(function (a, b) { return b.claims - a.claims; }).forEach(function (p) {
      var at = xy(p);
      var link = el("a", { href: p.url, "class": "place" });
      link.setAttribute("data-place", p.name);
      link.setAttribute("aria-label", describe(p).join("; "));
      var dot = el("circle", { "class": "mark", cx: at[0], cy: at[1], r: (1.4 + Math.sqrt(p.claims) * 0.7) * scale,
                               fill: colors[p.kind] });
      dot.setAttribute("stroke-width", 0.3 * scale);
      var title = el("title");
      title.textContent = describe(p).join("\n");
      dot.appendChild(title);
      link.appendChild(dot);
      marks.appendChild(link);
    });
    return colors;
  }

  function legend(box, colors) {
    box.textContent = "";
    Object.keys(colors).forEach(function (kind) {
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colors[kind];
      box.appendChild(swatch);
      box.appendChild(document.createTextNode(kind));
    });
  }

  function start(figure) {
    var svg = figure.querySelector("#world-map");
    var get = function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      });
    };
    Promise.all([get(figure.getAttribute("data-outlines")), get(figure.getAttribute("data-api"))])
      .then(function (answers) {
        var places = answers[1].places;
        graticule(svg.querySelector("#map-graticule"));
        land(svg.querySelector("#map-land"), answers[0]);
        var show = function (view) {
          svg.setAttribute("viewBox", view.map(function (v) { return v.toFixed(2); }).join(" "));
          legend(figure.querySelector("#map-legend"), draw(svg, places, view));
        };
        show(fitted(places));
        figure.querySelector("#map-fit").addEventListener("click", function () { show(fitted(places)); });
        figure.querySelector("#map-world").addEventListener("click", function () { show([0, 0, WIDTH, HEIGHT]); });
        figure.setAttribute("data-ready", String(places.length));
      })
      .catch(function (error) {
        figure.setAttribute("data-error", String(error));
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figure = document.getElementById("map-figure");
    if (figure) { start(figure); }
  });
})();

/*
 * Policybook: the generated flowcharts, readable at every width.
 *
 * The engine writes each diagram as Mermaid source in a <figure class="pb-flowchart"> whose
 * data-pb-flowchart holds the labels, in the page's language (policybook.rendering.diagrams.fence).
 * This script draws it with the Mermaid library the site serves itself, into an open shadow root
 * (the theme's styles stay out of the chart), in the colours of the reader's light or dark scheme,
 * and sizes it so that its text never goes below READABLE CSS px:
 *
 *   fit     the chart fits the column with its text at READABLE px or more: it is scaled to fit;
 *   scroll  a wide column (SCROLL_FROM px or more) and a wider chart: shown with its text at
 *           READABLE px, in a frame that scrolls sideways (the page itself never does);
 *   narrow  a phone or a panel beside the review tool: the chart gives way to a note pointing to
 *           the numbered steps (the same numbers are in the chart's boxes) and the walk-through.
 *
 * Every mode offers "Open full screen": a modal dialog with the whole chart, zoom buttons (and the
 * + and - keys) and a frame that scrolls both ways with the arrow keys. The figure's data-pb-mode
 * says which mode it is in once drawn. Nothing is fetched: Mermaid is already on the page.
 */
(() => {
  "use strict";

  const READABLE = 12; // CSS px: the smallest text a chart is shown with in the page
  const FONT = 16; // CSS px: Mermaid's text size at scale 1 (themeVariables.fontSize)
  const SCROLL_FROM = 600; // CSS px: the narrowest column in which a frame scrolling sideways is still of use
  const ZOOMS = [0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 1.25, 1.5, 2, 2.5, 3];
  const SHADOW_STYLE =
    ":host{display:block}svg{display:block;max-width:none;margin-inline:auto}" +
    ".label foreignObject,foreignObject{overflow:visible}";

  const figures = [...document.querySelectorAll("figure.pb-flowchart[data-pb-flowchart]")];
  if (!figures.length || typeof window.mermaid === "undefined") return;

  const charts = new Map(); // figure -> {parts, svg (markup), width, height, title}
  let sequence = 0;
  let dialog = null;

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function button(text, className) {
    const made = element("button", "pb-button" + (className ? " " + className : ""), text);
    made.type = "button";
    return made;
  }

  /* The chart's colours: our stylesheet's custom properties for the current scheme (flowchart.css),
     resolved now, as Mermaid's theme computes shades from them and needs plain colours. */
  function palette() {
    const style = getComputedStyle(document.body);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      font: style.fontFamily,
      background: read("--pb-chart-background", "#ffffff"),
      node: read("--pb-chart-node", "#eef0fb"),
      text: read("--pb-chart-text", "#1a1c2e"),
      border: read("--pb-chart-border", "#3949ab"),
      line: read("--pb-chart-line", "#4a4f6a"),
      cluster: read("--pb-chart-cluster", "#f6f7fc"),
      clusterBorder: read("--pb-chart-cluster-border", "#7986cb"),
    };
  }

  function configure() {
    const colour = palette();
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "base",
      fontFamily: colour.font,
      themeVariables: {
        fontFamily: colour.font,
        fontSize: FONT + "px",
        darkMode: document.body.getAttribute("data-md-color-scheme") === "slate",
        background: colour.background,
        primaryColor: colour.node,
        primaryTextColor: colour.text,
        primaryBorderColor: colour.border,
        secondaryColor: colour.cluster,
        tertiaryColor: colour.background,
        mainBkg: colour.node,
        nodeBorder: colour.border,
        nodeTextColor: colour.text,
        textColor: colour.text,
        titleColor: colour.text,
        lineColor: colour.line,
        edgeLabelBackground: colour.background,
        clusterBkg: colour.cluster,
        clusterBorder: colour.clusterBorder,
      },
      // Compact, so that more charts fit a column at a readable size.
      flowchart: { useMaxWidth: false, htmlLabels: true, wrappingWidth: 150, nodeSpacing: 20, rankSpacing: 30,
                   padding: 10, diagramPadding: 8 },
    });
  }

  /* Put a drawn chart into a shadow root and size it; returns the svg element. */
  function place(root, chart, scale) {
    root.innerHTML = "<style>" + SHADOW_STYLE + "</style>" + chart.svg;
    const svg = root.querySelector("svg");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.style.maxWidth = "none";
    svg.style.width = chart.width * scale + "px";
    svg.style.height = chart.height * scale + "px";
    return svg;
  }

  /* Scroll `frame` sideways so that the chart's first box (the first step) is in the middle: where
     the reader starts, whichever way the page's text runs. */
  function showStart(frame, root) {
    const first = root.querySelector("g.node");
    if (!first) return;
    const box = first.getBoundingClientRect();
    const view = frame.getBoundingClientRect();
    frame.scrollBy({ left: box.left + box.width / 2 - (view.left + view.width / 2) });
  }

  function setUp(figure) {
    const labels = JSON.parse(figure.dataset.pbFlowchart);
    const bar = element("div", "pb-flowchart__bar");
    const open = button(labels.open, "pb-flowchart__open");
    open.addEventListener("click", () => openDialog(figure));
    bar.append(open);
    const notice = element("p", "pb-flowchart__notice", labels.narrow);
    notice.hidden = true; // until the chart is drawn and measured
    const frame = element("div", "pb-flowchart__frame");
    const host = element("div", "mermaid pb-flowchart__chart");
    frame.append(host);
    figure.prepend(bar, notice, frame);
    charts.set(figure, { parts: { labels, open, notice, frame, root: host.attachShadow({ mode: "open" }) } });
  }

  async function draw(figure) {
    const chart = charts.get(figure);
    const source = figure.querySelector(".pb-flowchart__source").textContent;
    try {
      const { svg } = await window.mermaid.render("pb-flowchart-" + ++sequence, source);
      chart.svg = svg;
      const drawn = place(chart.parts.root, chart, 1);
      const box = drawn.viewBox.baseVal;
      chart.width = box && box.width ? box.width : drawn.getBoundingClientRect().width;
      chart.height = box && box.height ? box.height : drawn.getBoundingClientRect().height;
      const title = drawn.querySelector("title");
      chart.title = title ? title.textContent : "";
      layout(figure);
    } catch (error) {
      // A chart Mermaid cannot draw: the steps table still says everything; the stylesheet shows the source.
      figure.dataset.pbMode = "failed";
      console.error("Policybook: a flowchart could not be drawn", error);
    }
  }

  function layout(figure) {
    const chart = charts.get(figure);
    if (!chart || !chart.svg) return;
    const { frame, notice, root } = chart.parts;
    const available = figure.clientWidth;
    const fit = Math.min(1, available / chart.width);
    let mode = "narrow";
    if (fit * FONT >= READABLE) mode = "fit";
    else if (available >= SCROLL_FROM) mode = "scroll";
    const scale = mode === "fit" ? fit : READABLE / FONT;
    const svg = root.querySelector("svg");
    // Where the chart need not fit, its size is rounded up: the text never lands a rounding below READABLE.
    const size = (length) => (mode === "fit" ? length * scale : Math.ceil(length * scale)) + "px";
    svg.style.width = size(chart.width);
    svg.style.height = size(chart.height);
    frame.hidden = mode === "narrow";
    notice.hidden = mode !== "narrow";
    if (mode === "scroll") {
      if (figure.dataset.pbMode !== "scroll") showStart(frame, root);
      // A region the keyboard can scroll: focusable and named.
      frame.tabIndex = 0;
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", chart.title);
    } else {
      frame.removeAttribute("tabindex");
      frame.removeAttribute("role");
      frame.removeAttribute("aria-label");
    }
    figure.dataset.pbMode = mode;
  }

  /* --- Full screen ------------------------------------------------------------------------------ */

  function buildDialog(labels) {
    const made = element("dialog", "pb-flowchart-dialog");
    made.setAttribute("aria-labelledby", "pb-flowchart-dialog-title");
    const bar = element("div", "pb-flowchart-dialog__bar");
    const heading = element("h2", "pb-flowchart-dialog__title");
    heading.id = "pb-flowchart-dialog-title";
    const zoomOut = button(labels.zoomOut);
    const zoomIn = button(labels.zoomIn);
    const level = element("output", "pb-flowchart-dialog__zoom");
    const close = button(labels.close, "pb-button--primary");
    const tools = element("div", "pb-flowchart-dialog__tools");
    tools.append(zoomOut, level, zoomIn, close);
    bar.append(heading, tools);
    const canvas = element("div", "pb-flowchart-dialog__canvas");
    canvas.tabIndex = 0; // so that the arrow keys scroll it
    canvas.setAttribute("role", "group");
    canvas.setAttribute("aria-labelledby", heading.id);
    const host = element("div", "pb-flowchart-dialog__chart");
    canvas.append(host);
    made.append(bar, canvas);
    document.body.append(made);
    const state = { dialog: made, heading, level, canvas, zoomIn, zoomOut, root: host.attachShadow({ mode: "open" }),
                    zoom: ZOOMS.indexOf(1), figure: null };
    zoomOut.addEventListener("click", () => zoom(state, -1));
    zoomIn.addEventListener("click", () => zoom(state, 1));
    close.addEventListener("click", () => made.close());
    made.addEventListener("keydown", (event) => {
      // The theme's own shortcuts (n, p: next and previous page; s: search) stay behind the dialog.
      event.stopPropagation();
      if (event.key === "+" || event.key === "=") { zoom(state, 1); event.preventDefault(); }
      else if (event.key === "-" || event.key === "_") { zoom(state, -1); event.preventDefault(); }
    });
    made.addEventListener("close", () => {
      const figure = state.figure;
      state.figure = null;
      if (figure) charts.get(figure).parts.open.focus();
    });
    return state;
  }

  function showZoom(state) {
    const chart = charts.get(state.figure);
    const scale = ZOOMS[state.zoom];
    place(state.root, chart, scale);
    state.level.textContent = new Intl.NumberFormat(document.documentElement.lang || undefined,
                                                    { style: "percent" }).format(scale);
    state.zoomOut.disabled = state.zoom === 0;
    state.zoomIn.disabled = state.zoom === ZOOMS.length - 1;
  }

  function zoom(state, step) {
    const next = Math.max(0, Math.min(ZOOMS.length - 1, state.zoom + step));
    if (next === state.zoom || !state.figure) return;
    // Keep the middle of what the reader looks at in the middle. Right to left, scrolling is counted
    // from the right edge, in negative numbers.
    const canvas = state.canvas;
    const sign = getComputedStyle(canvas).direction === "rtl" ? -1 : 1;
    const ratio = ZOOMS[next] / ZOOMS[state.zoom];
    const middleX = sign * canvas.scrollLeft + canvas.clientWidth / 2;
    const middleY = canvas.scrollTop + canvas.clientHeight / 2;
    state.zoom = next;
    showZoom(state);
    canvas.scrollLeft = sign * (middleX * ratio - canvas.clientWidth / 2);
    canvas.scrollTop = middleY * ratio - canvas.clientHeight / 2;
  }

  function openDialog(figure) {
    const chart = charts.get(figure);
    if (!chart.svg) return;
    dialog = dialog || buildDialog(chart.parts.labels);
    dialog.figure = figure;
    dialog.heading.textContent = chart.title;
    dialog.zoom = ZOOMS.indexOf(1); // the chart's own size: 16 px text
    showZoom(dialog);
    dialog.dialog.showModal();
    dialog.canvas.focus();
    dialog.canvas.scrollTop = 0;
    dialog.canvas.scrollLeft = 0;
    showStart(dialog.canvas, dialog.root);
  }

  /* --- Start ------------------------------------------------------------------------------------ */

  let drawn = null; // the scheme the charts are drawn in
  let drawing = Promise.resolve();

  function drawAll() {
    const scheme = document.body.getAttribute("data-md-color-scheme");
    if (scheme === drawn) return; // the theme sets the attribute again on load, to the same value
    drawn = scheme;
    drawing = drawing.then(async () => {
      configure();
      for (const figure of figures) await draw(figure);
      if (dialog && dialog.figure) showZoom(dialog);
    });
  }

  figures.forEach(setUp);
  drawAll();
  // The text must stay readable when the column changes width (a rotated phone, a resized panel).
  // Only a change of width counts: laying the chart out changes the figure's height.
  const widths = new Map();
  const watcher = new ResizeObserver((entries) => entries.forEach((entry) => {
    if (widths.get(entry.target) === entry.contentRect.width) return;
    widths.set(entry.target, entry.contentRect.width);
    layout(entry.target);
  }));
  figures.forEach((figure) => watcher.observe(figure));
  // The theme's light/dark toggle: draw again in the other scheme's colours.
  new MutationObserver(drawAll).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();

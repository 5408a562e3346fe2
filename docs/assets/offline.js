/*
 * Reading the handbook from disk (file:///.../site/index.html), without a web server.
 *
 * Served over HTTP, the handbook's links are folder addresses ("../policies/hate-speech/"): clean,
 * and what the sitemap, the canonical links, the feed, bookmarks and tickets use. Opened from disk,
 * a browser shows a folder listing for them. So, on file: pages only, this script:
 *
 * 1. points every link to a folder at that folder's index.html, keeping its query and fragment,
 *    and keeps doing so for links added to the page later (search results, walk-throughs): one
 *    place for the navigation, the content, the language switcher, the footer and generated
 *    blocks alike, and served pages are never touched;
 * 2. removes the <link rel="alternate" hreflang> elements from <head> before the theme reads them.
 *    The theme uses them to keep a reader on the same page when switching languages, by reading
 *    each language's sitemap.xml, which a browser refuses to read from disk; it would then send the
 *    reader to a language's folder instead. The switcher's own links already name the same page in
 *    each language;
 * 3. shows the notice the build wrote in place of search (policybook.rendering.offline): the
 *    theme's search needs a web server and hides itself from disk. Every word of it comes from the
 *    page, in the reader's language; this file has none of its own.
 *
 * Loaded at the end of <body>, after the theme's script and before DOMContentLoaded, when the
 * theme wires its components up: what step 2 removes, the theme never sees.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }
  document.documentElement.classList.add("pb-from-disk");

  // The href with "index.html" added to its path, or null when it names no folder on this disk.
  function toIndex(href) {
    if (!href || href.charAt(0) === "#") {
      return null;
    }
    var target;
    try {
      target = new URL(href, document.baseURI);
    } catch (error) {
      return null;
    }
    if (target.protocol !== "file:" || target.pathname.slice(-1) !== "/") {
      return null;
    }
    // Edit the href as written, so that a relative link stays relative.
    var end = href.search(/[?#]/);
    var path = end < 0 ? href : href.slice(0, end);
    var rest = end < 0 ? "" : href.slice(end);
    if (path === "") {
      return null;
    }
    var folder = path.slice(-1) === "/" ? path : path + "/";  // "." and ".." name folders too
    return folder + "index.html" + rest;
  }

  function mendLink(anchor) {
    var mended = toIndex(anchor.getAttribute("href"));
    if (mended !== null) {
      anchor.setAttribute("href", mended);
    }
  }

  function mendWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    if (node.matches("a[href], area[href]")) {
      mendLink(node);
    }
    node.querySelectorAll("a[href], area[href]").forEach(mendLink);
  }

  document.querySelectorAll('link[rel~="alternate"][hreflang]').forEach(function (link) {
    link.remove();
  });
  mendWithin(document.documentElement);
  // A mended href ends in index.html, so mending it again changes nothing: no loop.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") {
        mendWithin(record.target);
      } else {
        record.addedNodes.forEach(mendWithin);
      }
    });
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["href"]
  });

  // The notice in place of search: shown, closed by Escape or by a click elsewhere.
  document.querySelectorAll(".pb-offline-search").forEach(function (notice) {
    notice.hidden = false;
    var summary = notice.querySelector("summary");
    notice.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && notice.open) {
        notice.open = false;
        summary.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (notice.open && !notice.contains(event.target)) {
        notice.open = false;
      }
    });
  });
})();

/* Search page, progressive enhancement: the page works as a plain GET form; with this script a
   changed filter fetches the same URL with partial=1, swaps the filters-and-results region in
   place, and records the state in the history so the back button restores it. No framework, no
   request leaves the site. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  var region = document.querySelector("[data-search-region]");
  var status = document.getElementById("search-status");
  if (!form || !region || !window.fetch || !window.history || !window.URLSearchParams) return;
  var narrow = window.matchMedia("(max-width: 48rem)");
  var pending = null;

  function collapseOnPhones() {
    // On a phone the facet groups start closed, except those with a selection.
    if (!narrow.matches) return;
    region.querySelectorAll("details.facet:not([data-selected])").forEach(function (details) {
      details.removeAttribute("open");
    });
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function partialUrl(url) {
    var target = new URL(url, window.location.href);
    target.searchParams.set("partial", "1");
    return target.pathname + target.search;
  }

  function openGroups() {
    var open = {};
    region.querySelectorAll("details.facet").forEach(function (details) {
      open[details.getAttribute("data-facet")] = details.open;
    });
    return open;
  }

  function load(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    var focusedId = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : null;
    var open = openGroups();
    region.setAttribute("aria-busy", "true");
    var headers = { "X-Requested-With": "fetch" };
    // The back button restores an earlier state: the server does not count it as a new search.
    if (!push) headers["X-Search-History"] = "restore";
    return fetch(partialUrl(url), { signal: pending.signal, headers: headers })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        region.querySelectorAll("details.facet").forEach(function (details) {
          var name = details.getAttribute("data-facet");
          if (name in open) details.open = open[name] || details.hasAttribute("data-selected");
        });
        if (push) window.history.pushState({ search: true }, "", url);
        var count = region.querySelector("#search-count");
        if (status && count) status.textContent = count.textContent.trim();
        var again = focusedId && document.getElementById(focusedId);
        if (again) again.focus();
        else if (count && !focusedId) count.setAttribute("tabindex", "-1");
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.href = url;
      })
      .finally(function () {
        region.removeAttribute("aria-busy");
      });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "checkbox" || target.tagName === "SELECT") load(formUrl(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), true);
  });
  region.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-search-link]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    load(link.href, true).then(function () {
      var heading = region.querySelector("#search-count");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    });
  });
  window.addEventListener("popstate", function () {
    // Restore the query box too: it lies outside the swapped region.
    var q = new URL(window.location.href).searchParams.get("q") || "";
    var box = form.querySelector("input[name=q]");
    if (box) box.value = q;
    load(window.location.href, false);
  });
  window.history.replaceState({ search: true }, "", window.location.href);
  collapseOnPhones();
})();

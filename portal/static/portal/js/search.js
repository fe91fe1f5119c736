/* Search page, progressive enhancement: the page works as a plain GET form; with this script a
   changed filter fetches the same URL with partial=1, swaps the filters-and-results region in
   place, and records the state in the history so the back button restores it. On a phone the
   filters become a panel opened by "Filter (n)" and closed by "Show N results"; long facet lists
   get a filter box. No framework, no request leaves the site. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  var region = document.querySelector("[data-search-region]");
  var status = document.getElementById("search-status");
  if (!form || !region || !window.fetch || !window.history || !window.URLSearchParams) return;
  var narrow = window.matchMedia("(max-width: 48rem)");
  var pending = null;
  var panelOpen = false;
  var lastToggle = null;

  function openGroupsOnWideScreens() {
    // Without JavaScript the groups start closed (short pages on phones); beside the results on a
    // wide screen there is room for them all.
    if (narrow.matches) return;
    region.querySelectorAll("details.facet").forEach(function (details) {
      details.open = true;
    });
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    var query = params.toString();
    var action = form.getAttribute("action").split("#")[0];
    return action + (query ? "?" + query : "");
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

  // -- the filter panel on phones -------------------------------------------------------------

  function panel() {
    return region.querySelector("[data-filter-panel]");
  }

  function showPanel(open) {
    var filters = panel();
    if (!filters) return;
    var dialog = narrow.matches;
    panelOpen = dialog && open;
    document.body.classList.toggle("filters-open", panelOpen);
    filters.classList.toggle("is-open", panelOpen);
    if (dialog) {
      filters.setAttribute("role", "dialog");
      filters.setAttribute("aria-modal", "true");
      filters.setAttribute("aria-label", (filters.querySelector(".search__filters-heading") || {}).textContent || "");
    } else {
      filters.removeAttribute("role");
      filters.removeAttribute("aria-modal");
      filters.removeAttribute("aria-label");
    }
    var close = filters.querySelector("[data-filter-close]");
    if (close) close.hidden = !dialog;
    var apply = filters.querySelector("[data-filter-apply]");
    if (apply && apply.hasAttribute("data-show-label")) {
      if (!apply.hasAttribute("data-apply-label")) apply.setAttribute("data-apply-label", apply.textContent);
      // While the panel is a dialog the results are already updated: the button only closes it.
      apply.textContent = dialog ? apply.getAttribute("data-show-label") : apply.getAttribute("data-apply-label");
      apply.type = dialog ? "button" : "submit";
    }
    region.querySelectorAll("[data-filter-open]").forEach(function (toggle) {
      if (dialog) {
        toggle.setAttribute("role", "button");
        toggle.setAttribute("aria-expanded", panelOpen ? "true" : "false");
      } else {
        toggle.removeAttribute("role");
        toggle.removeAttribute("aria-expanded");
      }
    });
  }

  function closePanelTo(target) {
    showPanel(false);
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  // -- a filter box for long facet lists ------------------------------------------------------

  function addFilterBoxes() {
    region.querySelectorAll("details.facet[data-long]").forEach(function (details) {
      var fieldset = details.querySelector("fieldset");
      if (!fieldset || fieldset.querySelector(".facet__filter")) return;
      var id = "facet-filter-" + details.getAttribute("data-facet");
      var wrapper = document.createElement("div");
      wrapper.className = "facet__filter";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = details.getAttribute("data-filter-label") || "";
      var input = document.createElement("input");
      input.type = "search";
      input.id = id;
      input.autocomplete = "off";
      // Not a search parameter: no name, so the form never sends it.
      wrapper.appendChild(label);
      wrapper.appendChild(input);
      fieldset.insertBefore(wrapper, fieldset.querySelector(".facet__options"));
      input.addEventListener("input", function () {
        var words = input.value.trim().toLocaleLowerCase();
        var more = details.querySelector(".facet__more");
        if (more && words) more.open = true;
        details.querySelectorAll(".facet__options > li").forEach(function (item) {
          // Places also answer to their names in the other portal languages' scripts (data-names).
          var names = Array.prototype.map.call(item.querySelectorAll("[data-names]"), function (named) {
            return named.getAttribute("data-names");
          }).join(" ");
          var text = (item.textContent + " " + (item.getAttribute("data-names") || "") + " " + names).toLocaleLowerCase();
          item.hidden = words !== "" && text.indexOf(words) === -1;
        });
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    });
  }

  function enhance() {
    addFilterBoxes();
    showPanel(panelOpen);
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
        enhance();
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
    if (!target.name) return; // the filter boxes
    if (target.type === "checkbox" || target.tagName === "SELECT") load(formUrl(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), true);
  });
  region.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-filter-open]");
    if (toggle && narrow.matches) {
      event.preventDefault();
      lastToggle = toggle;
      showPanel(true);
      var close = region.querySelector("[data-filter-close]");
      if (close) close.focus();
      return;
    }
    if (event.target.closest("[data-filter-close]")) {
      closePanelTo(region.querySelector("[data-filter-open]") || lastToggle);
      return;
    }
    var apply = event.target.closest("[data-filter-apply]");
    if (apply && panelOpen) {
      event.preventDefault();
      closePanelTo(region.querySelector("#search-count"));
      var results = document.getElementById("results");
      if (results) results.scrollIntoView();
      // Results follow every change already; an age typed but not yet sent goes now.
      var url = formUrl();
      var here = window.location.pathname + window.location.search;
      if (url !== here) load(url, true);
      return;
    }
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
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panelOpen) closePanelTo(region.querySelector("[data-filter-open]"));
  });
  if (narrow.addEventListener) {
    narrow.addEventListener("change", function () {
      showPanel(false);
      openGroupsOnWideScreens();
    });
  }
  window.addEventListener("popstate", function () {
    // Restore the query box too: it lies outside the swapped region.
    var q = new URL(window.location.href).searchParams.get("q") || "";
    var box = form.querySelector("input[name=q]");
    if (box) box.value = q;
    load(window.location.href, false);
  });
  window.history.replaceState({ search: true }, "", window.location.href);
  document.documentElement.classList.add("js-search");
  openGroupsOnWideScreens();
  enhance();
})();

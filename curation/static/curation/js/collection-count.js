// The live count beside a collection's criteria in the page editor (progressive enhancement:
// without this script the count is the one of the criteria as last saved).
(function () {
  "use strict";
  var box = document.querySelector("[data-collection-count]");
  if (!box || box.dataset.ready) return;
  box.dataset.ready = "1";
  var form = box.closest("form");
  var text = box.querySelector("[data-collection-count-text]");
  var names = (box.dataset.fields || "").split(",");
  var timer = null;
  var latest = 0;

  function params() {
    var data = new URLSearchParams();
    names.forEach(function (name) {
      form.querySelectorAll('[name="' + name + '"]').forEach(function (field) {
        if ((field.type === "checkbox" || field.type === "radio") && !field.checked) return;
        if (field.multiple) {
          Array.prototype.forEach.call(field.selectedOptions, function (option) { data.append(name, option.value); });
        } else if (field.value !== "") {
          data.append(name, field.value);
        }
      });
    });
    return data;
  }

  function update() {
    var ticket = ++latest;
    fetch(box.dataset.url + "?" + params().toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (ticket !== latest) return;
        text.textContent = answer.errors ? answer.errors.join(" ") : answer.text;
        text.classList.toggle("help-warning", Boolean(answer.errors || answer.empty));
      })
      .catch(function () { /* keep the last count */ });
  }

  function changed(event) {
    var name = event.target && event.target.name;
    if (names.indexOf(name) === -1) return;
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
})();

// Live preview of a post's Markdown beside its text box, rendered by the server with the
// site's own pipeline (blog.admin_media.MediaAdminMixin.markdown_preview).
(function () {
  "use strict";
  var DELAY = 400;

  function start() {
    var textarea = document.querySelector("textarea[data-preview-url]");
    if (!textarea) return;
    var form = textarea.form;
    var preview = document.createElement("div");
    var warning = document.createElement("p");
    var output = document.createElement("div");
    var timer = null, sent = 0;
    preview.className = "markdown-preview";
    preview.setAttribute("aria-live", "polite");
    preview.setAttribute("aria-label", "Preview");
    warning.className = "markdown-preview-warning";
    warning.hidden = true;
    output.className = "markdown-preview-body";
    preview.append(warning, output);
    textarea.insertAdjacentElement("afterend", preview);
    textarea.parentElement.classList.add("has-markdown-preview");

    function refresh() {
      var data = new FormData();
      var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      var request = ++sent;
      data.append("body", textarea.value);
      data.append("post", textarea.dataset.post || "");
      fetch(textarea.dataset.previewUrl, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": token },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (result) {
        if (request !== sent) return;  // an older answer arriving late
        output.innerHTML = result.html;  // sanitised by the server, as on the site
        warning.hidden = !result.missing.length;
        warning.textContent = "Not attached: " + result.missing.join(", ");
      }).catch(function () {
        warning.hidden = false;
        warning.textContent = "The preview is not available right now.";
      });
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, DELAY);
    });
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

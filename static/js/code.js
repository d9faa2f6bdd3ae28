/* A "Copy" button on every code block. Without JavaScript the code is still there to select. */
(function () {
  "use strict";

  // In a shell session copy the commands only: no prompts, no output.
  function commandsOf(code) {
    var copy = code.cloneNode(true);
    var prompts = copy.querySelectorAll(".gp");
    if (!prompts.length) return code.textContent.replace(/\n$/, "");
    var MARK = "\u0000";
    prompts.forEach(function (prompt) { prompt.textContent = MARK; });
    var lines = [];
    var continued = false;
    copy.textContent.split("\n").forEach(function (line) {
      if (line.charAt(0) === MARK || continued) {
        var command = line.replace(MARK, "");
        lines.push(command);
        continued = /\\$/.test(command);
      }
    });
    return lines.join("\n");
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function addButton(block) {
    var code = block.querySelector("pre code") || block.querySelector("pre");
    if (!code) return;
    var pre = block.querySelector("pre");
    // A scrolling block must be reachable by keyboard to scroll it.
    pre.tabIndex = 0;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    var label = document.createElement("span");
    label.textContent = "Copy";
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " code";
    button.append(label, hint);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var timer;
    button.addEventListener("click", function () {
      copyText(commandsOf(code)).then(
        function () { report("Copied", "Code copied to the clipboard"); },
        function () {
          window.getSelection().selectAllChildren(code);
          report("Press Ctrl+C", "The code is selected: press Control C to copy it");
        }
      );
    });
    function report(text, message) {
      label.textContent = text;
      status.textContent = message;
      clearTimeout(timer);
      timer = setTimeout(function () {
        label.textContent = "Copy";
        status.textContent = "";
      }, 2500);
    }
    block.insertBefore(button, block.firstChild);
    block.appendChild(status);
  }

  function init() {
    document.querySelectorAll(".post-body .highlight").forEach(addButton);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

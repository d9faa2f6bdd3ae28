// Gallery pictures open in a dialog; without this script each link opens the picture.
// Escape closes (native <dialog>), arrow keys and buttons move, focus returns to the link.
(function () {
  "use strict";
  var dialog, picture, caption, links = [], current = 0;

  function button(label, text, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "lightbox-" + label.split(" ")[0].toLowerCase();
    element.setAttribute("aria-label", label);
    element.textContent = text;
    element.addEventListener("click", onClick);
    return element;
  }

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumbnail = link.querySelector("img");
    var figcaption = link.closest("figure").querySelector("figcaption");
    picture.src = link.href;
    picture.alt = thumbnail ? thumbnail.alt : "";
    caption.textContent = figcaption ? figcaption.textContent : "";
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", "Picture");
    picture = document.createElement("img");
    caption = document.createElement("p");
    dialog.append(
      button("Close", "\u00d7", function () { dialog.close(); }),
      picture,
      caption,
      button("Previous picture", "\u2039", function () { show(current - 1); }),
      button("Next picture", "\u203a", function () { show(current + 1); })
    );
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(current - 1);
      if (event.key === "ArrowRight") show(current + 1);
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", function () { links[current].focus(); });
    document.body.append(dialog);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.gallery-link");
    if (!link || !window.HTMLDialogElement || event.button || event.ctrlKey ||
        event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (!dialog) build();
    links = Array.prototype.slice.call(
      link.closest(".gallery").querySelectorAll("a.gallery-link"));
    show(links.indexOf(link));
    dialog.showModal();
  });
})();

/* Share buttons (partials/share.html): each is a link to a release's smart link /go/<slug>/, which is where a
   fan without JavaScript lands. With it, the phone's share sheet opens (Web Share API); where there is none
   (most desktops), the address is copied and the status line beside the button says so. */
(function () {
  function say(button, words) {
    var status = button.parentElement.querySelector("[data-share-status]");
    if (status) status.textContent = words;
  }
  function copy(button, url) {
    function copied() { say(button, "Link copied: " + url.replace(/^https?:\/\//, "")); }
    (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject()).then(copied, function () {
      var field = document.body.appendChild(document.createElement("textarea"));
      field.value = url;
      field.select();
      try { document.execCommand("copy") ? copied() : say(button, url); } catch (e) { say(button, url); }
      field.remove();
    });
  }
  document.querySelectorAll("[data-share]").forEach(function (button) {
    button.setAttribute("role", "button");  // it acts in place now; Space presses it like any button
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); button.click(); }
    });
    button.addEventListener("click", function (event) {
      var url = new URL(button.getAttribute("data-share"), location.href).href;
      var data = {title: button.getAttribute("data-share-title") || document.title, url: url};
      event.preventDefault();
      if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
        navigator.share(data).catch(function (error) { if (error.name !== "AbortError") copy(button, url); });
      } else {
        copy(button, url);
      }
    });
  });
})();

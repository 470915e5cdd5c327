/* procmodel site script: Swedish statute references in search, and the start page's question box.
 *
 * 1. People type statute references as "6 kap 10", "6 kap. 10 §", "6:10" or "4:8". Process pages
 *    carry such references as one compact search token ("6kap10", see procmodel/site/search.py);
 *    the query is rewritten to the same token before it reaches mkdocs-material's search worker.
 * 2. Typing in the big question box on the start page continues in the site's search.
 * Everything works offline; nothing is fetched from anywhere.
 */
(function () {
  "use strict";

  // Keep in step with STATUTE_QUERY_PATTERN in procmodel/site/search.py.
  var STATUTE = /(\d+)\s*(?:kap(?:itlet)?\.?\s*|:\s*)(\d+)(?:\s?([a-z])\b)?(?:\s*§)?/gi;
  var QUERY_MESSAGE = 2; // mkdocs-material: SearchMessageType.QUERY
  var QUESTION_WORDS = "__QUESTION_WORDS__";

  // Question words and Swedish stop words: every query word is matched as a prefix, so
  // "en" would otherwise match "enkät" and "när" "närvaro". Keep in step with search.py.
  var STOP = {};
  QUESTION_WORDS.split(" ").forEach(function (w) { STOP[w] = true; });

  function rewrite(query) {
    var q = query.replace(STATUTE, function (_, chapter, paragraph, letter) {
      return parseInt(chapter, 10) + "kap" + parseInt(paragraph, 10) + (letter || "").toLowerCase();
    });
    var words = q.split(/\s+/).filter(function (w) { return w; });
    var kept = words.filter(function (w) {
      return !STOP[w.toLowerCase().replace(/[?!.,;:"”“]+$/, "")];
    });
    if (!kept.length) return q;
    // Words already typed in full match whole words; only the last one is a prefix.
    // (Otherwise "elev" would also count every "elevhälsa…" word once more.)
    return kept.map(function (w, i) {
      var bare = w.replace(/[?!.,;"”“]+$/, "");
      return i < kept.length - 1 && /^[^*~^+\-:]+$/.test(bare) ? bare + "^1" : w;
    }).join(" ");
  }
  window.procmodelRewriteQuery = rewrite;

  if (typeof Worker !== "undefined" && !Worker.prototype.__procmodel) {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === QUERY_MESSAGE && typeof message.data === "string") {
        var args = Array.prototype.slice.call(arguments);
        args[0] = { type: message.type, data: rewrite(message.data) };
        return post.apply(this, args);
      }
      return post.apply(this, arguments);
    };
    Worker.prototype.__procmodel = true;
  }

  function siteSearch() {
    return document.querySelector('input[data-md-component="search-query"]');
  }

  function handOver(box) {
    var target = siteSearch();
    if (!target) return false;
    target.value = box.value;
    target.focus();
    target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    return true;
  }

  function setUpAsk() {
    var form = document.querySelector("form[data-pm-ask]");
    if (!form) return;
    var box = form.querySelector("input[name=q]");
    box.addEventListener("input", function () {
      if (box.value.trim()) {
        handOver(box);
        box.value = "";
      }
    });
    form.addEventListener("submit", function (event) {
      if (handOver(box)) event.preventDefault();
    });
  }

  // mkdocs-material's search overlay is a dialog without a name; give it the search label.
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = siteSearch();
    if (dialog && !dialog.hasAttribute("aria-label") && input) {
      var name = input.getAttribute("aria-label") || input.getAttribute("placeholder") || "Sök";
      dialog.setAttribute("aria-label", name);
      var inner = dialog.querySelector(".md-search__inner");
      if (inner && !inner.hasAttribute("aria-label")) inner.setAttribute("aria-label", name);
    }
  }

  function setUp() {
    nameSearchDialog();
    setUpAsk();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

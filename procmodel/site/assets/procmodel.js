/* procmodel site script: the site's search (Pagefind), with Swedish query understanding.
 *
 * The index is Pagefind's (pagefind/ in the site, built by procmodel after MkDocs): static
 * chunks, of which a query loads a few kB. Before asking it, the query is understood
 * (keep in step with procmodel/site/search.py):
 *   - statute references become one token: "SL 6:10", "6 kap. 10 §" → "6kap10";
 *   - stop words (hur, gör, vi, när …) go, and bare context words (elev, skolan …) too
 *     unless nothing else is left: they cannot decide a ranking;
 *   - each word is looked for as typed, with its å/ä/ö restored from the site's own
 *     vocabulary ("vardnadshavare" → "vårdnadshavare"), corrected by one letter if the
 *     vocabulary has no such word, and widened with the synonym file (sökord.yaml:
 *     "mamma" → "vårdnadshavare");
 *   - a page's score is the sum over the words of its best score for any form of the word,
 *     so a word nobody uses cannot empty the result; processes rank above other pages.
 * The header gets a search button (keys / and s), the start page's question box and the
 * results page (sök/) show results as you type. Nothing is fetched from anywhere else.
 */
(function () {
  "use strict";

  var TEXTS = __TEXTS__;
  // (a paragraph's letter is a letter on its own: not the "f" of "6 kap 10 förskola")
  var STATUTE = /(\d+)\s*(?:kap(?:itlet)?\.?\s*|:\s*)(\d+)(?:\s?([a-z])(?![\p{L}\p{N}]))?(?:\s*§)?/giu;
  var WORD = /[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*/gu;
  var KIND_WEIGHT = { process: 1, page: 0.4, goal: 0.15, role: 0.15 };
  var STATUS_WEIGHT = { draft: 0.75, review: 0.9, retired: 0.5 };
  var SHOWN = 8;
  var STATUTE_TOKEN = /^\d+kap\d*[a-z]?$/;
  var MAX_STATUTE = 5;  // search.py's MAX_STATUTE_WEIGHT
  var script = document.currentScript || document.querySelector('script[src*="assets/procmodel/procmodel.js"]');
  var ROOT = new URL("../../", script.src).href;

  function text(key, fields) {
    var s = TEXTS[key] || key;
    Object.keys(fields || {}).forEach(function (k) { s = s.split("{" + k + "}").join(fields[k]); });
    return s;
  }

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function tokens(s) {
    return s.normalize("NFC").toLowerCase().match(WORD) || [];
  }

  // the index and the vocabulary, loaded once, on first use --------------------------------

  var engine = null;
  function load() {
    if (!engine) {
      var index = import(ROOT + "pagefind/pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: new URL(ROOT).pathname, excerptLength: 24, ranking: { pageLength: 0.1 } }).then(function () {
          return pf;
        });
      });
      var words = fetch(ROOT + "assets/procmodel/sokord.json").then(function (r) { return r.json(); });
      engine = Promise.all([index, words]).then(function (got) { return prepare(got[0], got[1]); });
    }
    return engine;
  }

  function prepare(pf, data) {
    var folded = {};  // folded word → the site's spellings
    var byLength = {};
    data.words.forEach(function (w) {
      var f = fold(w);
      (folded[f] = folded[f] || []).push(w);
      (byLength[f.length] = byLength[f.length] || []).push(f);
    });
    var synonyms = {};
    Object.keys(data.synonyms).forEach(function (k) { synonyms[fold(k)] = data.synonyms[k]; });
    return {
      pf: pf,
      stop: new Set(data.stop),
      context: new Set(data.context),
      folded: folded,
      foldedWords: Object.keys(folded),
      byLength: byLength,
      synonyms: synonyms,
    };
  }

  // understanding the query -------------------------------------------------------------------

  function oneEditApart(a, b) {
    if (a === b) return false;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < la && j < lb) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (la > lb) i++;
      else if (lb > la) j++;
      else if (a[i + 1] === b[j] && a[i] === b[j + 1]) { i += 2; j += 2; }  // swapped letters
      else { i++; j++; }
    }
    return edits + (la - i) + (lb - j) <= 1;
  }

  // The site's spellings of a typed word (or of its start, for the last, half-typed word).
  function spellings(e, word, last) {
    var f = fold(word), out = [];
    if (e.folded[f]) out = out.concat(e.folded[f]);
    if (last && f.length >= 3) {
      for (var i = 0; i < e.foldedWords.length && out.length < 12; i++) {
        var cand = e.foldedWords[i];
        if (cand.length > f.length && cand.lastIndexOf(f, 0) === 0) {
          e.folded[cand].forEach(function (w) { out.push(w.slice(0, word.length)); });
        }
      }
    }
    return out;
  }

  function corrections(e, word) {
    var f = fold(word), out = [];
    if (f.length < 4 || /\d/.test(f)) return out;
    [f.length - 1, f.length, f.length + 1].forEach(function (n) {
      (e.byLength[n] || []).forEach(function (cand) {
        if (cand[0] === f[0] && oneEditApart(f, cand)) out = out.concat(e.folded[cand]);
      });
    });
    return out.slice(0, 6);
  }

  function synonymsOf(e, phrase, last) {
    var f = fold(phrase);
    if (e.synonyms[f]) return e.synonyms[f];
    // inflected forms of a listed word: "skolkade" for "skolka", "mobbades" for "mobbade"
    var best = null;
    Object.keys(e.synonyms).forEach(function (k) {
      if (k.length >= 5 && k.indexOf(" ") < 0 && f.lastIndexOf(k, 0) === 0 && f.length - k.length <= 3) {
        if (!best || k.length > best.length) best = k;
      } else if (last && f.length >= 4 && k.lastIndexOf(f, 0) === 0 && !best) {
        best = k;
      }
    });
    return best ? e.synonyms[best] : [];
  }

  // The query as units: each a word (or phrase from the synonym file) with the forms to look for.
  function understand(e, query) {
    var q = query.replace(STATUTE, function (_, chapter, paragraph, letter) {
      return " " + parseInt(chapter, 10) + "kap" + parseInt(paragraph, 10) + (letter || "").toLowerCase() + " ";
    });
    var typed = q.normalize("NFC").match(WORD) || [];
    var words = tokens(q), units = [];
    for (var i = 0; i < words.length; i++) {
      var last = i === words.length - 1, took = false;
      for (var n = 3; n >= 2 && !took; n--) {
        if (i + n > words.length) continue;
        var phrase = words.slice(i, i + n).join(" ");
        if (e.synonyms[fold(phrase)]) {
          units.push(unit(e, phrase, i + n === words.length, "phrase"));
          i += n - 1;
          took = true;
        }
      }
      if (took) continue;
      // a word typed in capitals is an abbreviation ("SKA"), never a stop word; it may be a
      // context word ("SL 6:10")
      var upper = typed[i] && typed[i].length > 1 && typed[i] === typed[i].toUpperCase() && /\p{L}/u.test(typed[i]);
      var kind = e.stop.has(words[i]) && !upper ? "stop" : e.context.has(words[i]) ? "context" : "word";
      units.push(unit(e, words[i], last, kind));
    }
    var content = units.filter(function (u) { return u.kind === "word" || u.kind === "phrase"; });
    if (content.length) return content;
    var context = units.filter(function (u) { return u.kind === "context"; });
    return context.length ? context : units;
  }

  function unit(e, word, last, kind) {
    var forms = [{ text: word, weight: 1 }];
    function add(list, weight) {
      list.forEach(function (t) {
        if (!forms.some(function (f) { return f.text === t; })) forms.push({ text: t, weight: weight });
      });
    }
    add(spellings(e, word, last), 1);
    if (forms.length === 1 && !e.folded[fold(word)]) {
      var fixed = corrections(e, word);
      // the pages do not use the word as typed: Pagefind's loose match of it is no better
      // evidence than a correction ("betygsattning" → "betygssättning")
      if (fixed.length) forms[0].weight = 0.8;
      add(fixed, 0.8);
      // an inflected form the pages do not use: look for its start ("utfryst" → "utfrys…")
      if (word.length >= 6 && !/\d/.test(word)) add([word.slice(0, -1)], 0.7);
    }
    add(synonymsOf(e, word, last), 0.9);
    return { text: word, kind: kind, forms: forms.slice(0, 10) };
  }

  // searching ---------------------------------------------------------------------------------

  function search(query) {
    return load().then(function (e) {
      var units = understand(e, query);
      if (!units.length) return [];
      return Promise.all(units.map(function (u) {
        return Promise.all(u.forms.map(function (f) {
          return e.pf.search(f.text).then(function (r) { return { form: f, results: (r && r.results) || [] }; });
        }));
      })).then(function (perUnit) {
        var pages = {};
        perUnit.forEach(function (forms) {
          var best = {};
          forms.forEach(function (got) {
            got.results.forEach(function (r) {
              var s = r.score * got.form.weight;
              if (!best[r.id] || s > best[r.id].score) best[r.id] = { score: s, result: r };
            });
          });
          Object.keys(best).forEach(function (id) {
            var p = pages[id] || (pages[id] = { score: 0, matched: 0, best: null, bestScore: -1 });
            p.score += best[id].score;
            p.matched += 1;
            if (best[id].score > p.bestScore) { p.best = best[id].result; p.bestScore = best[id].score; }
          });
        });
        var ranked = Object.keys(pages).map(function (id) { return pages[id]; });
        ranked.forEach(function (p) { p.score *= p.matched / perUnit.length; });
        ranked.sort(function (a, b) { return b.score - a.score; });
        return Promise.all(ranked.slice(0, SHOWN * 2).map(function (p) {
          return p.best.data().then(function (d) {
            var kind = (d.meta && d.meta.kind) || "page";
            var status = (d.meta && STATUS_WEIGHT[d.meta.status]) || 1;
            return hit(d, p.score * (KIND_WEIGHT[kind] || 0.5) * status * statuteWeight(units, d.meta), kind);
          });
        })).then(function (hits) {
          hits.sort(function (a, b) { return b.score - a.score; });
          return hits;
        });
      });
    });
  }

  // For a statute query, the process that works most with the paragraph first: the page's
  // "statutes" metadata says, per token, how much (1 … MAX_STATUTE_WEIGHT in search.py).
  function statuteWeight(units, meta) {
    var have = {};
    ((meta && meta.statutes) || "").split(" ").forEach(function (kv) {
      var at = kv.indexOf("=");
      if (at > 0) have[kv.slice(0, at)] = parseInt(kv.slice(at + 1), 10) || 0;
    });
    return units.reduce(function (w, u) {
      return STATUTE_TOKEN.test(u.text) ? w * (0.6 + 0.4 * Math.min(have[u.text] || 0, MAX_STATUTE) / MAX_STATUTE) : w;
    }, 1);
  }

  function hit(d, score, kind) {
    var step = null, stepScore = 0;
    (d.sub_results || []).forEach(function (s) {
      if (s.url === d.url || s.url.indexOf("#") < 0) return;
      if (kind === "process" && s.url.indexOf("#steg-") < 0) return;
      var w = (s.weighted_locations || []).reduce(function (t, l) { return t + (l.balanced_score || l.weight || 0); }, 0);
      if (w > stepScore) { step = s; stepScore = w; }
    });
    return {
      url: d.url,
      title: (d.meta && d.meta.title) || d.url,
      question: (d.meta && d.meta.question) || "",
      kind: kind,
      score: score,
      step: step ? { url: step.url, title: step.title, excerpt: step.excerpt } : null,
      excerpt: d.excerpt,
    };
  }

  window.procmodelSearch = search;

  // showing results ---------------------------------------------------------------------------

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content) node.textContent = content;
    return node;
  }

  // Pagefind's excerpts are page text with <mark> around the words found; keep only the marks.
  function excerpt(html) {
    var node = el("span", "pm-hit__excerpt");
    var parts = String(html || "").split(/(<mark>|<\/mark>)/);
    var inMark = false;
    parts.forEach(function (part) {
      if (part === "<mark>") { inMark = true; return; }
      if (part === "</mark>") { inMark = false; return; }
      var t = document.createTextNode(part.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
      if (inMark) { var m = el("mark"); m.appendChild(t); node.appendChild(m); } else node.appendChild(t);
    });
    return node;
  }

  function renderHit(h) {
    var li = el("li", "pm-hit pm-hit--" + h.kind);
    var a = el("a", "pm-hit__title", h.title);
    a.href = h.url;
    li.appendChild(a);
    if (h.question) li.appendChild(el("p", "pm-hit__question", h.question));
    if (h.step) {
      var p = el("p", "pm-hit__step");
      var s = el("a", "pm-hit__step-link", h.step.title);
      s.href = h.step.url;
      p.appendChild(s);
      p.appendChild(document.createTextNode(" "));
      p.appendChild(excerpt(h.step.excerpt));
      li.appendChild(p);
    } else if (h.excerpt) {
      var q = el("p", "pm-hit__step");
      q.appendChild(excerpt(h.excerpt));
      li.appendChild(q);
    }
    return li;
  }

  // A search box with its result list and status line; `noAnswer` is shown when nothing is found.
  function attach(input, list, status, noAnswer, limit) {
    var seq = 0, timer = null;
    function run() {
      var q = input.value.trim(), mine = ++seq;
      if (!q) {
        list.replaceChildren();
        status.textContent = "";
        if (noAnswer) noAnswer.hidden = false;
        list.dataset.query = "";
        return;
      }
      status.textContent = text("searching");
      search(q).then(function (hits) {
        if (mine !== seq) return;
        var shown = limit ? hits.slice(0, limit) : hits;
        list.replaceChildren.apply(list, shown.map(renderHit));
        status.textContent = hits.length
          ? (hits.length === 1 ? text("count_one") : text("count_other", { n: hits.length }))
          : text("none", { q: q });
        if (noAnswer) noAnswer.hidden = hits.length > 0;
        list.dataset.query = q;
      }, function () {
        if (mine !== seq) return;
        status.textContent = text("failed");
        if (noAnswer) noAnswer.hidden = false;
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    return run;
  }

  function setUpForms() {
    document.querySelectorAll("form[data-pm-search]").forEach(function (form) {
      var input = form.querySelector("input[name=q]");
      var scope = form.parentNode;
      var list = form.querySelector("[data-pm-results]") || scope.querySelector("[data-pm-results]");
      var status = form.querySelector("[data-pm-status]") || scope.querySelector("[data-pm-status]");
      if (!input || !list || !status) return;
      var noAnswer = scope.querySelector("[data-pm-no-answer]");
      var run = attach(input, list, status, noAnswer, form.hasAttribute("data-pm-ask") ? SHOWN : 0);
      var q = new URLSearchParams(location.search).get("q");
      if (q && !form.hasAttribute("data-pm-ask")) {
        input.value = q;
        run();
      }
    });
  }

  // the header's search: a button and a dialog (keys / and s) ---------------------------------

  var dialog = null;
  function openDialog() {
    if (!dialog) {
      dialog = el("dialog", "pm-search-dialog");
      dialog.setAttribute("aria-label", text("title"));
      var form = el("form", "pm-search pm-search--dialog");
      form.setAttribute("role", "search");
      form.method = "get";
      form.action = ROOT + TEXTS._page;
      var label = el("label", "pm-search__label", text("label"));
      label.htmlFor = "pm-dialog-q";
      var input = el("input", "pm-search__input");
      input.id = "pm-dialog-q";
      input.name = "q";
      input.type = "search";
      input.autocomplete = "off";
      input.placeholder = text("placeholder");
      var close = el("button", "pm-search-dialog__close md-icon", "×");
      close.type = "button";
      close.setAttribute("aria-label", text("close"));
      close.addEventListener("click", function () { dialog.close(); });
      var status = el("p", "pm-search__status");
      status.setAttribute("role", "status");
      var list = el("ol", "pm-results");
      var all = el("a", "pm-search-dialog__all", text("all_results"));
      all.href = ROOT + TEXTS._page;
      form.append(label, input, close);
      dialog.append(form, status, list, all);
      document.body.appendChild(dialog);
      attach(input, list, status, null, SHOWN);
      input.addEventListener("input", function () {
        all.href = ROOT + TEXTS._page + "?q=" + encodeURIComponent(input.value);
      });
      dialog.addEventListener("click", function (ev) { if (ev.target === dialog) dialog.close(); });
      // Escape closes at once (in a search field Chromium would first only clear the text)
      dialog.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape") { ev.preventDefault(); dialog.close(); }
      });
    }
    if (!dialog.open) dialog.showModal();
    dialog.querySelector("input").focus();
    load();
  }

  function setUpHeader() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || inner.querySelector(".pm-search-button")) return;
    var button = el("button", "pm-search-button md-header__button md-icon");
    button.type = "button";
    button.setAttribute("aria-label", text("open"));
    button.title = text("open");
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27' +
      'A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 ' +
      '14 9.5 12 5 9.5 5"/></svg>';
    button.addEventListener("click", openDialog);
    var source = inner.querySelector(".md-header__source");
    inner.insertBefore(button, source);
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key !== "/" && ev.key !== "s" && ev.key !== "S") return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      ev.preventDefault();
      openDialog();
    });
  }

  // the follow-up matrix: filters by area, school form and goal area (without the script the
  // whole matrix shows and the form stays hidden) ----------------------------------------------

  function setUpFilters() {
    document.querySelectorAll("form.pm-filter[data-filter-for]").forEach(function (form) {
      var table = document.getElementById(form.getAttribute("data-filter-for"));
      if (!table) return;
      var selects = form.querySelectorAll("select[data-filter]");
      function apply() {
        var want = {};
        selects.forEach(function (s) { want[s.getAttribute("data-filter")] = s.value; });
        table.querySelectorAll("tbody tr").forEach(function (row) {
          var area = !want.area || row.getAttribute("data-area") === want.area;
          var forms = (row.getAttribute("data-skolform") || "").split(" ");
          var form_ = !want.skolform || forms.indexOf(want.skolform) >= 0;
          row.hidden = !(area && form_);
        });
        table.querySelectorAll("[data-goal-area]").forEach(function (cell) {
          cell.hidden = !!want["goal-area"] && cell.getAttribute("data-goal-area") !== want["goal-area"];
        });
      }
      selects.forEach(function (s) { s.addEventListener("change", apply); });
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      form.hidden = false;
      apply();
    });
  }

  function setUp() {
    setUpHeader();
    setUpForms();
    setUpFilters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

/* Sortable tables (progressive enhancement): every header of a table.pm-sortable gets a
 * button that sorts the rows by that column, by each cell's data-sort if it has one, else
 * by its text (numbers as numbers, words in the page's language). Without the script the
 * table is the same table, in the order the server wrote it.
 */
(function () {
  "use strict";

  function key(row, col) {
    var cell = row.children[col];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  var NUMBER = /^-?\d+(?:\.\d+)?$/;

  function compare(a, b, lang) {
    if (NUMBER.test(a) && NUMBER.test(b)) return parseFloat(a) - parseFloat(b);
    return a.localeCompare(b, lang, { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, th, col) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var lang = document.documentElement.lang || "sv";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(key(r1, col), key(r2, col), lang);
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (!table.tHead || table.dataset.pmSortable) return;
    table.dataset.pmSortable = "1";
    var label = table.getAttribute("data-sort-label") || "{column}";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pm-sort";
      var name = th.textContent.trim();
      if (th.children.length === 0) {
        button.textContent = name;
        th.textContent = "";
      } else {
        button.textContent = "⇅";
        th.appendChild(document.createTextNode(" "));
      }
      button.setAttribute("aria-label", label.split("{column}").join(name));
      button.addEventListener("click", function () { sortBy(table, th, col); });
      th.appendChild(button);
    });
  }

  function setUp() {
    var tables = document.querySelectorAll("table.pm-sortable");
    Array.prototype.forEach.call(tables, enhance);
    if (tables.length) {
      Array.prototype.forEach.call(document.querySelectorAll(".pm-sort-hint"), function (e) { e.hidden = false; });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

"""Generated pages' raw HTML blocks held out of Python-Markdown (procmodel/site/html_blocks.py).

The reference is Markdown itself: the same page converted whole must give the same HTML, in unit
tests against a Markdown with the site's extensions and in two real MkDocs builds of a site, one
holding the blocks and one where an extension (tests/site/passthrough_markdown.py) makes the
plugin hand every page to Markdown whole, as before.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from procmodel.site import urls
from procmodel.site.build import default_config
from procmodel.site.html_blocks import HtmlBlockError, HtmlBlocks, raw_blocks, why_not_held
from procmodel.site.markup import esc, html_block, md_text

from .site_helpers import BASIC, build

#: those of procmodel's own mkdocs.yml, and the ones MkDocs always adds
EXTENSIONS = ["attr_list", "toc", "admonition", "tables", "fenced_code"]
PASSTHROUGH = "tests.site.passthrough_markdown"
FORGED = "<!--procmodel-html 0123456789abcdef 0-->"


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    return md.convert(text)


def held_convert(text: str, blocks: HtmlBlocks | None = None) -> str:
    """``text`` through Markdown the way the plugin hands it over."""
    blocks = blocks or HtmlBlocks()
    held = blocks.hold("page.md", text)
    return blocks.restore("page.md", convert(held))[0]


# what a block is ------------------------------------------------------------------------------


def test_a_block_of_elements_is_held_as_it_is_with_its_anchor_ids() -> None:
    chunk = '<div class="x" id="a&amp;b">\n<p>Text <a name="här">länk</a></p>\n</div>\n'
    chunk += "<ol><li id='s'>1</li></ol>"
    assert raw_blocks(chunk) == (chunk, {"a&b", "här", "s"})


def test_a_block_ending_where_the_next_begins_gets_markdowns_line_break() -> None:
    text = "# Mål\n\n<p>Stöds av:</p><ul><li>a</li></ul>\n\n## Nästa {#n}\n"
    held = held_convert(text)
    assert held == convert(text)
    assert "</p>\n<ul>" in held


@pytest.mark.parametrize(
    "chunk",
    [
        "<span>inline first</span>",  # not a block-level element: Markdown makes a paragraph of it
        "<div>a</div> text after",
        "<div>a</div>\ntext line",
        "<div>a</span></div>",  # a stray end tag
        "<div>unclosed",
        "<div class=bare>a</div>",  # an unquoted attribute value
        "<div>1 < 2</div>",  # a '<' that is no tag
        "<div><!-- bogus --!></div>",
        "<!-- a comment alone -->",
        "<hr>",
        "<div/>",
        "<div><script>if (a<b) {}</script></div>",
        "<div><title><b>x</b></title></div>",
    ],
)
def test_anything_markdown_might_read_otherwise_is_left_to_it(chunk: str) -> None:
    assert raw_blocks(chunk) is None
    text = f"# T\n\n{chunk}\n\n<div>after</div>\n"
    blocks = HtmlBlocks()
    assert blocks.hold("p.md", text) == text  # and nothing after it either
    assert held_convert(text) == convert(text)


def _element(rng: random.Random, depth: int) -> str:
    """Random HTML, mostly well-formed; about one piece in twenty is something Markdown reads
    differently (a '<' in text, a stray end tag, a bare attribute value, an inline element)."""
    odd = rng.random() < 0.05
    r = rng.random() + (0.3 if depth == 0 else 0)  # the top level: mostly elements
    if depth > 3 or r < 0.2:
        texts = (
            ["1 < 2", "&bogus", "</span>"]
            if odd
            else ["x", "a b", "&amp;", "å", "&#123;", "*e*", "`c`", "\t"]
        )
        return rng.choice(texts)
    if r < 0.3:
        return rng.choice(["<br>", "<img src='i'>", "<hr>", "<br/>", "<!-- c -->", "<b/>"])
    names = (
        ["span", "a", "svg", "em"] if odd else ["div", "p", "ul", "li", "table", "td", "section", "h3", "Div"]
    )
    if depth:
        names += ["span", "a", "code"]
    name = rng.choice(names)
    attrs = rng.choice([" x=y", " title=`t`"] if odd else ["", ' id="i"', " class='c'", ' name="n" data-x'])
    inner = "".join(_element(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    sep = rng.choice(["", "", "\n"])
    close = (
        rng.choice(["", f"</{name}x>"]) if odd else rng.choice([f"</{name}>"] * 5 + [f"</{name.upper()}>"])
    )
    return f"<{name}{attrs}>{sep}{inner}{sep}{close}"


def test_held_pages_convert_as_markdown_converts_them_whole() -> None:
    """Random pages of HTML, Markdown and both, mostly well-formed, some not (seeded)."""
    rng = random.Random(13)
    held = 0
    for _ in range(600):
        parts = [rng.choice(["", "# T {#t}\n\n", "Text.\n\n", "- punkt\n\n"])]
        for _ in range(rng.randint(1, 4)):
            parts.append(_element(rng, 0) + rng.choice(["\n", "\n", "", "\n\n"]))
        text = "".join(parts) + rng.choice(["", "\n\n## H\n", "\n"])
        blocks = HtmlBlocks()
        held += blocks.hold("p.md", text) != text
        assert held_convert(text) == convert(text), text
    assert held > 100  # the test holds blocks often enough to mean something


def test_generated_pages_convert_as_markdown_converts_them_whole() -> None:
    text = (
        "# Anmälan {#top}\n\n"
        + html_block('<div class="pm-lead">', '<p class="pm-question">Hur gör vi?</p>', "</div>")
        + "## Steg {#steg}\n\n"
        + html_block('<ol class="pm-steps">', '<li><h3 id="steg-a">1. A</h3><p>Gör\tså.</p></li>', "</ol>")
        + '!!! note "Obs"\n\n    Indragen text.\n\n'
        + html_block('<div class="admonition info" role="note"><p>i</p></div>', "<p>sist</p>")
    )
    blocks = HtmlBlocks()
    held = blocks.hold("p.md", text)
    assert held.count("<!--procmodel-html ") == 3
    assert "pm-steps" not in held
    assert held_convert(text) == convert(text)


# placeholders ---------------------------------------------------------------------------------


def test_text_can_never_pass_for_a_placeholder_even_with_this_builds_token() -> None:
    blocks = HtmlBlocks()
    forged = f"<!--procmodel-html {blocks.token} 0-->"
    text = (
        f"# {md_text(forged)}\n\n"
        + html_block(f"<p>{esc(forged)}</p>")
        + f"## {md_text('</div><!-- x')} {{#x}}\n\n"
        + html_block("<p>andra</p>")
    )
    out = held_convert(text, blocks)
    assert out == convert(text)
    assert esc(forged) in out and "<p>andra</p>" in out


def test_a_placeholder_markdown_loses_fails_loudly() -> None:
    blocks = HtmlBlocks()
    held = blocks.hold("p.md", "# T\n\n<div>a</div>\n")
    with pytest.raises(HtmlBlockError, match=r"p\.md"):
        blocks.restore("p.md", convert(held.replace("<!--", "&lt;!--")))


def test_extensions_that_read_raw_html_keep_the_pages_whole() -> None:
    assert why_not_held(markdown.Markdown(extensions=EXTENSIONS)) is None
    assert why_not_held(markdown.Markdown(extensions=[*EXTENSIONS, "footnotes", "tables"])) is None
    for extension in ("md_in_html", PASSTHROUGH):
        assert why_not_held(markdown.Markdown(extensions=[*EXTENSIONS, extension])) is not None


# real builds ----------------------------------------------------------------------------------

STEP = "anmäl"
OWN_PAGE = f"""# Om webbplatsen

Läs [steget]({urls.process_path("anmälan")}#{urls.step_anchor(STEP)}).

<div class="egen">
*inte kursiv här*

**men fet här**
</div>

Text med <span>inline</span>.
"""


def _repository(tmp: Path) -> Path:
    """The basic fixture with a process whose texts try to pass for placeholders and break out."""
    repo = tmp / "repo"
    shutil.copytree(BASIC, repo)
    path = repo / "flöden" / "anmälan.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["title"] = f"Anmälan {FORGED} av kränkning"
    step = next(s for s in data["steps"] if s["id"] == STEP)
    step["title"] = f"Anmäl {FORGED}</li></ol><p>"
    step["instructions"] = f"Fyll i blanketten.\n\n{FORGED}\n\n<!--procmodel-html x 0-->\n\n</div>"
    step["notes"] = [FORGED]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return repo


def _build(tmp: Path, repo: Path, name: str, extensions: list[object]) -> Path:
    docs = tmp / f"docs-{name}"
    docs.mkdir()
    (docs / "om.md").write_text(OWN_PAGE, "utf-8")
    config = default_config(repo, docs, "Test", "sv")
    config["markdown_extensions"] = extensions
    config["validation"] = {"anchors": "warn"}  # strict: a link to a step no page has fails
    config_file = tmp / f"mkdocs-{name}.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return build(repo, tmp / f"site-{name}", "staff", config_file=config_file)


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same site built holding the generated HTML, and handing it to Markdown whole."""
    tmp = tmp_path_factory.mktemp("html-blocks")
    repo = _repository(tmp)
    base: list[object] = ["attr_list", {"toc": {"permalink": True}}, "admonition"]
    return _build(tmp, repo, "held", base), _build(tmp, repo, "whole", [*base, PASSTHROUGH])


def test_every_built_page_is_the_same_as_when_markdown_reads_it_whole(two_sites: tuple[Path, Path]) -> None:
    held, whole = two_sites
    pages = sorted(p.relative_to(whole) for p in whole.rglob("*.html"))
    assert len(pages) > 20
    assert sorted(p.relative_to(held) for p in held.rglob("*.html")) == pages
    for page in pages:
        assert (held / page).read_text("utf-8") == (whole / page).read_text("utf-8"), page


def _article(site: Path, page: str) -> str:
    text = (site / page).read_text("utf-8")
    match = re.search(r"<article\b.*?</article>", text, re.DOTALL)
    assert match is not None
    return match.group(0)


def test_a_process_page_keeps_its_toc_permalinks_and_steps(two_sites: tuple[Path, Path]) -> None:
    held, _ = two_sites
    page = (held / "processer" / "anmälan" / "index.html").read_text("utf-8")
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', page, re.DOTALL)
    assert toc is not None and 'href="#steg"' in toc.group(0)
    article = _article(held, "processer/anmälan/index.html")
    assert '<h2 id="steg">' in article and 'class="headerlink" href="#steg"' in article
    assert f'id="{urls.step_anchor(STEP)}"' in article and 'class="pm-steps"' in article
    assert "<!--procmodel-html" not in article  # every block is back


def test_forged_placeholders_show_as_text_and_break_nothing(two_sites: tuple[Path, Path]) -> None:
    held, _ = two_sites
    article = _article(held, "processer/anmälan/index.html")
    assert "<!--procmodel-html" not in article  # every one is escaped text, none an HTML comment
    assert article.count(esc(FORGED)) >= 3  # the step's title, its note and its instructions
    assert esc(f"{FORGED}</li></ol><p>") in article
    page = (held / "processer" / "anmälan" / "index.html").read_text("utf-8")
    assert "<title>Anmälan ‹!--procmodel-html" in page  # the title, as every page title is made safe


def test_own_pages_go_through_markdown_as_before(two_sites: tuple[Path, Path]) -> None:
    held, _ = two_sites
    article = _article(held, "om/index.html")
    want = convert(OWN_PAGE)
    assert "**men fet här**" in want  # Markdown's own reading: one raw block, over the blank line
    for line in want.splitlines()[1:]:
        if "href=" not in line:  # links are made relative by MkDocs
            assert line in article

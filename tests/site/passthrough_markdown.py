"""A Markdown extension that changes nothing but has a postprocessor: with it in a site's
``markdown_extensions``, the procmodel plugin hands generated pages to Markdown whole (as before
:mod:`procmodel.site.html_blocks`), which is what the tests compare the held pages with."""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor


class _Unchanged(Postprocessor):
    def run(self, text: str) -> str:
        return text


class PassthroughExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Unchanged(md), "procmodel_test_passthrough", 5)


def makeExtension(**kwargs: object) -> PassthroughExtension:
    return PassthroughExtension(**kwargs)

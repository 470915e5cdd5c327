"""The published site: pages generated from the repository, published with mkdocs-material.

:func:`generate_site` is the standalone generator (repository → Markdown pages with
inline SVG, plus the site's CSS and JavaScript); :mod:`procmodel.site.plugin` is the
thin MkDocs adapter; :mod:`procmodel.site.build` runs MkDocs for ``procmodel build``.
"""

from procmodel.site.pages import GeneratedSite, generate_site

__all__ = ["GeneratedSite", "generate_site"]

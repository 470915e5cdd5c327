"""Message catalogs: every user-facing string in Swedish and English.

The catalogs are data files, ``procmodel/locales/<lang>.yaml``: flat keys
(``PM101.message``, ``summary.passed``, ``site.start.title``) to texts with
``str.format``-style named fields (``okänd roll '{role}'``). A text that depends
on a number is a mapping ``{one: …, other: …}`` chosen by the parameter ``n``.
Both catalogs hold the same keys (tests/i18n checks this, and that every key the
code names exists).

:func:`t` makes a :class:`Text`: a ``str`` holding the English rendering, which
also keeps its key and parameters. English is the stable form (sorting,
fingerprints, the library's default); output is shown in the current language
with :func:`localize`, so the language can be chosen after the repository (and
its ``procmodel.yaml``) has been read.

The language of messages is chosen by :func:`choose_language`: ``--lang``, then
``language:`` in procmodel.yaml, then the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``: ``sv…`` is Swedish), else English. What procmodel *makes* (the site's
pages and the diagrams) speaks the repository's ``language`` (Swedish by
default), unless a build asks for another one (:func:`artefacts_in`).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any, overload

import yaml

LANGUAGES = ("sv", "en")
DEFAULT = "en"
#: The locale variables, in the order POSIX consults them for messages.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_current = DEFAULT
_artefacts: str | None = None


class Text(str):
    """A catalog message: its rendering in one language, plus the key and parameters to render others."""

    key: str
    params: Mapping[str, object]
    lang: str

    def __new__(cls, key: str, params: Mapping[str, object], lang: str = DEFAULT) -> Text:
        self = super().__new__(cls, render(key, params, lang))
        self.key, self.params, self.lang = key, params, lang
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.key, dict(self.params), self.lang))

    def in_language(self, lang: str) -> Text:
        """The same message rendered in ``lang``."""
        return self if lang == self.lang else Text(self.key, self.params, lang)


def t(key: str, /, **params: object) -> Text:
    """The message ``key`` with its named fields filled in (English value, any language on demand)."""
    return Text(key, params)


@overload
def localize(value: str, lang: str | None = None) -> str: ...
@overload
def localize(value: None, lang: str | None = None) -> None: ...
def localize(value: str | None, lang: str | None = None) -> str | None:
    """``value`` in ``lang`` (default: the current language); plain strings pass unchanged."""
    if isinstance(value, Text):
        return value.in_language(lang or _current)
    return value


def say(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, for output made right now."""
    return render(key, params, _current)


@overload
def english(value: str) -> str: ...
@overload
def english(value: None) -> None: ...
def english(value: str | None) -> str | None:
    """``value`` in English, the stable form machine formats fingerprint."""
    return localize(value, "en")


def render(key: str, params: Mapping[str, object], lang: str) -> str:
    """Look ``key`` up in ``lang``'s catalog and fill in ``params`` (nested texts in the same language)."""
    entry = catalog(lang)[key]
    if isinstance(entry, dict):
        entry = entry["one" if params.get("n") == 1 else "other"]
    values = {k: v.in_language(lang) if isinstance(v, Text) else v for k, v in params.items()}
    return entry.format_map(values)


@cache
def catalog(lang: str) -> Mapping[str, Any]:
    """Every key of one language: text, or ``{one, other}`` for counted texts."""
    data = resources.files("procmodel.locales").joinpath(f"{_check(lang)}.yaml").read_bytes()
    return yaml.load(data, Loader=_LOADER)  # package data; tests/i18n checks its shape


def fields(text: str) -> set[str]:
    """The named fields of a catalog text (``{role}`` → ``role``)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# the current language ////////////////////////////////////////////////////////////


def current_language() -> str:
    """The language output is shown in now."""
    return _current


def set_language(lang: str) -> None:
    """Show output in ``lang`` from now on (``sv`` or ``en``)."""
    global _current
    _current = _check(lang)


def language_from_environment(env: Mapping[str, str]) -> str | None:
    """The language the locale asks for: the first set of LC_ALL, LC_MESSAGES, LANG (``sv…`` → sv)."""
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    return None


def choose_language(requested: str | None, configured: str | None, env: Mapping[str, str]) -> str:
    """``--lang``, else procmodel.yaml's ``language``, else the locale, else English."""
    return requested or configured or language_from_environment(env) or DEFAULT


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


class Words:
    """The texts of one language, by key: ``words("diagram.lane_tooltip", role="Rektor")``."""

    prefix = ""

    def __init__(self, lang: str = "sv") -> None:
        self.lang = _check(lang)
        self._plain: dict[str, str] = {}  # the texts without values, made once (a site asks 300,000 times)

    def __call__(self, key: str, **values: object) -> str:
        if values:
            return render(self.prefix + key, values, self.lang)
        text = self._plain.get(key)
        if text is None:
            text = self._plain[key] = render(self.prefix + key, values, self.lang)
        return text


# the language of what procmodel makes (pages, diagrams) //////////////////////////


def artefact_language(configured: str) -> str:
    """The language of pages and diagrams: the build's choice, else ``configured`` (procmodel.yaml)."""
    return _artefacts or configured


def set_artefact_language(lang: str | None) -> None:
    """Make pages and diagrams in ``lang`` (None: in each repository's own language)."""
    global _artefacts
    _artefacts = _check(lang) if lang is not None else None


@contextmanager
def artefacts_in(lang: str) -> Iterator[None]:
    """Pages and diagrams made inside the block speak ``lang``."""
    before = _artefacts
    set_artefact_language(lang)
    try:
        yield
    finally:
        set_artefact_language(before)

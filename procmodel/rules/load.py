"""Rules for files that cannot be read or do not match the file format.

These are reported by the loader (a file that does not load cannot be
checked further); they are rules so that they have ids, docs and tests.
"""

from __future__ import annotations

from procmodel.model import Severity
from procmodel.rules.base import Rule, register


@register
class YamlSyntax(Rule):
    """The file is not readable YAML (syntax, tabs, several documents, tags, not a mapping).

    Why: a file that does not parse cannot be checked or published.
    Fix: follow the hint; indent with spaces, one document per file, keys at the top level.
    """

    id = "PM001"
    name = "yaml-syntax"
    family = "load"
    configurable = False


@register
class DuplicateKey(Rule):
    """A mapping names the same key twice.

    Why: ordinary YAML readers keep the last value and silently lose the first.
    Fix: keep one of the two keys.
    """

    id = "PM002"
    name = "duplicate-key"
    family = "load"
    configurable = False


@register
class YamlAlias(Rule):
    """The file uses YAML anchors, aliases or merge keys.

    Why: aliases can expand exponentially (the 'billion laughs' attack) and make
    files hard to read; procmodel refuses them.
    Fix: write the value out where it is used.
    """

    id = "PM003"
    name = "yaml-alias"
    family = "load"
    configurable = False


@register
class FileEncoding(Rule):
    """The file is not valid UTF-8.

    Why: å, ä and ö would be garbled on the site and in search.
    Fix: save the file as UTF-8.
    """

    id = "PM004"
    name = "file-encoding"
    family = "load"
    configurable = False


@register
class EmptyFile(Rule):
    """The file is empty or holds only comments.

    Why: an empty file is usually a mistake (an unsaved editor buffer, a bad merge).
    Fix: write the content or delete the file.
    """

    id = "PM005"
    name = "empty-file"
    family = "load"
    configurable = False


@register
class PathOutsideRepository(Rule):
    """A file or document path points outside the repository.

    Why: the site must publish only what is in the repository; links that
    leave it (``../../``, absolute paths, symbolic links) could expose other files.
    Fix: keep the file inside the repository and use a path relative to its root.
    """

    id = "PM006"
    name = "path-outside-repository"
    family = "load"


@register
class Schema(Rule):
    """A value does not match the file format (unknown key, wrong type, missing key, bad id).

    Why: typos must not be silently ignored: an unknown key like ``rol:`` would
    otherwise drop the role without a word.
    Fix: follow the hint; editors complete keys from the JSON Schemas in ``schemas/``.
    """

    id = "PM010"
    name = "schema"
    family = "load"
    configurable = False


@register
class UnknownRuleInConfig(Rule):
    """The configuration sets the severity of a rule that does not exist.

    Why: a mistyped rule id would otherwise leave the rule at its default, silently.
    Fix: use an id (``PM203``) or name (``unreachable-step``) from the rule reference.
    """

    id = "PM011"
    name = "unknown-rule-in-config"
    family = "load"
    severity = Severity.error


@register
class NotARegularFile(Rule):
    """A file named like a process file is a named pipe, socket, device, link loop or dangling link.

    Why: procmodel reads only regular files: reading a named pipe would wait forever
    (a CI job hangs until its time limit), and a link that loops or points at nothing
    has no content to check.
    Fix: remove it, or replace it with an ordinary file (or a link to one inside the repository).
    """

    id = "PM012"
    name = "not-a-regular-file"
    family = "load"
    scope = "file"
    configurable = False


@register
class SuffixCase(Rule):
    """A file has an upper-case suffix (.YAML, .Yml, .BPMN …), so it was not read.

    Why: the tools around a repository match lower-case suffixes (the pre-commit hook runs
    on ``\\.(ya?ml|bpmn)$``, editors attach the JSON Schemas to ``*.yaml``), so such a
    file would be checked by procmodel but skipped by them; and silently skipping it
    would lose a process without a word.
    Fix: rename the file with a lower-case suffix (``.yaml``, ``.yml`` or ``.bpmn``).
    """

    id = "PM013"
    name = "suffix-case"
    family = "load"
    scope = "file"

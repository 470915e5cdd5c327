"""Rules for processes read from BPMN 2.0 files (``*.bpmn``).

Like the other load rules they are reported by the loader
(:mod:`procmodel.load.bpmn_source`); they are rules so that they have ids,
docs, severities and tests.
"""

from __future__ import annotations

from procmodel.model import Severity
from procmodel.rules.base import Rule, register


@register
class BpmnUnsupported(Rule):
    """A BPMN element has no place in the procmodel format and was left out.

    Why: procmodel reads what its file format can hold (steps, flows, lanes as roles,
    data objects as documents, annotations as notes). Message flows, loop markers,
    groups or tool-specific extensions are not kept; you should know which.
    Fix: if the element matters, say it in words (a step's instructions or a note),
    or redraw it with the elements procmodel reads (see docs/bpmn.md).
    Set the rule to ``off`` in procmodel.yaml to accept such files silently.
    """

    id = "PM007"
    name = "bpmn-unsupported"
    family = "load"
    severity = Severity.warning


@register
class XmlUnsafe(Rule):
    """A BPMN file is refused as unsafe: it declares a DOCTYPE (entities, DTD) or is too large.

    Why: DTD entities can expand without limit (the 'billion laughs' attack) or read
    other files and addresses (XXE). BPMN needs neither, so procmodel refuses them.
    Fix: remove the ``<!DOCTYPE …>`` declaration (save the file again from your BPMN
    tool), or export one process per file when the file is too large.
    """

    id = "PM008"
    name = "xml-unsafe"
    family = "load"
    configurable = False

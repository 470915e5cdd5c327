"""The BPMN element tables, read in both directions: tag → procmodel kind for import,
procmodel kind → tag for export (:data:`TASK_TAGS`, :data:`GATEWAY_TAGS`, :data:`DEFINITION_TAGS`).
"""

from __future__ import annotations

from lxml import etree

from procmodel.bpmn.namespaces import PM, q
from procmodel.model import EventTrigger, GatewayKind, TaskKind

TASKS = {
    "task": None,
    "userTask": "user",
    "manualTask": "manual",
    "serviceTask": "service",
    "sendTask": "send",
    "receiveTask": "receive",
    "scriptTask": "script",
    "businessRuleTask": "business-rule",
}
EVENTS = {
    "startEvent": "start",
    "endEvent": "end",
    "intermediateCatchEvent": "event",
    "intermediateThrowEvent": "event",
    "implicitThrowEvent": "event",
    "boundaryEvent": "event",
}
GATEWAYS = {
    "exclusiveGateway": None,
    "inclusiveGateway": "inclusive",
    "eventBasedGateway": "event",
    "complexGateway": "complex",
    "parallelGateway": "parallel",
}
SUBPROCESSES = {"subProcess", "adHocSubProcess", "transaction"}
EVENT_DEFINITIONS = {
    "timerEventDefinition": "timer",
    "messageEventDefinition": "message",
    "signalEventDefinition": "signal",
    "errorEventDefinition": "error",
    "escalationEventDefinition": "escalation",
    "conditionalEventDefinition": "conditional",
    "compensateEventDefinition": "compensation",
    "linkEventDefinition": "link",
    "terminateEventDefinition": "terminate",
    "cancelEventDefinition": "cancel",
}
DATA = {"dataObjectReference", "dataStoreReference", "dataObject"}
#: Children of flow nodes that are read, or carry nothing the model lacks.
NODE_PARTS = {
    "incoming", "outgoing", "documentation", "extensionElements", "eventDefinitionRef",
    "ioSpecification", "dataInputAssociation", "dataOutputAssociation", "property",
    "dataInput", "dataOutput", "inputSet", "outputSet", "performer", "potentialOwner",
    "humanPerformer", "resourceRole", "laneSet", "script", "rendering",
    *EVENT_DEFINITIONS,
}  # fmt: skip
#: Top-level definitions that only serve elements read elsewhere.
SUPPORTING = {
    "itemDefinition", "message", "signal", "error", "escalation", "resource", "interface",
    "dataStore", "import", "extensionElements", "documentation", "BPMNDiagram", "relationship",
}  # fmt: skip
PROCESS_ONLY = {"laneSet", "documentation", "extensionElements", "ioSpecification", "property"}
#: Process-level keys read from the procmodel namespace, in file-format order.
PROCESS_KEYS = (
    "question", "summary", "keywords", "version", "status", "owner", "reviewed",
    "review_interval_months", "audience", "area", "applies_to", "goals", "documents",
)  # fmt: skip
#: ``applies_to`` travels as two space-separated attributes of ``<pm:process>``.
APPLIES_TO_KEYS = ("unit_types", "skolformer")
ID_LISTS = {"goals", "documents", "consulted", "informed", *APPLIES_TO_KEYS}


# the other way: what the writer puts out ----------------------------------------------------

#: Task kind → tag (a task without a kind is a plain ``task``).
TASK_TAGS: dict[TaskKind | None, str] = {
    None: "task",
    **{TaskKind(kind or "task"): tag for tag, kind in TASKS.items()},
}
#: Gateway kind of a decision or merge → tag (exclusive when none is given).
GATEWAY_TAGS: dict[GatewayKind | None, str] = {
    None: "exclusiveGateway",
    **{GatewayKind(kind or "exclusive"): tag for tag, kind in GATEWAYS.items() if kind != "parallel"},
}
#: Event trigger → event definition tag.
DEFINITION_TAGS: dict[EventTrigger, str] = {
    EventTrigger(kind): tag for tag, kind in EVENT_DEFINITIONS.items()
}


# reading elements ---------------------------------------------------------------------------

BPMN_PREFIX = q("")
BPMN_LEN = len(BPMN_PREFIX)
PM_PREFIX = q("", PM)
SOURCE_REF = q("sourceRef")
TARGET_REF = q("targetRef")


def local_name(el: etree._Element) -> str:
    """The tag without its namespace (empty for comments and processing instructions)."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def one_line(value: str | None) -> str:
    """Names as one line: BPMN tools put line breaks into names for the diagram."""
    return " ".join(value.split()) if value else ""


def documentation_text(el: etree._Element) -> str:
    """The text of the ``<documentation>`` children of ``el``, paragraphs apart."""
    parts = []
    for d in el.iterchildren(q("documentation")):
        text = "".join(d.itertext()).strip()
        if text:
            parts.append(text)
    return "\n\n".join(parts)

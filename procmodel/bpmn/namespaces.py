"""XML namespaces of BPMN 2.0, its diagram interchange, and procmodel's extension."""

from __future__ import annotations

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: procmodel's own namespace: goals, RACI and other data BPMN has no place for.
PM = "urn:procmodel:bpmn:1"

#: Prefixes used when procmodel writes BPMN (bpmn.io's conventions).
PREFIXES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "pm": PM}


def q(local: str, ns: str = BPMN) -> str:
    """Clark notation ``{ns}local`` for lxml."""
    return f"{{{ns}}}{local}"

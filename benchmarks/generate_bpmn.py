"""A large BPMN file as a modelling tool writes it: one pool, lanes, a long flow, diagram shapes.

``python benchmarks/generate_bpmn.py OUT.bpmn 5000`` writes a process of 5,000 tasks in 10 lanes,
with an exclusive split and merge every 10 tasks, a timer boundary event every 25 and a text
annotation every 50, and a BPMNShape/BPMNEdge for every element (bpmn.io's layout of ids).
Used to measure that import and check grow about linearly with the file (benchmarks/README.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

LANES = 10


def bpmn_text(tasks: int) -> str:
    """The XML text of a process with ``tasks`` tasks."""
    nodes: list[tuple[str, str, str, int]] = []  # (id, tag, name, lane)
    flows: list[tuple[str, str, str, str]] = []  # (id, source, target, name)
    extra: list[str] = []

    def flow(src: str, dst: str, name: str = "") -> None:
        flows.append((f"Flow_{len(flows) + 1}", src, dst, name))

    nodes.append(("StartEvent_1", "startEvent", "Ärendet kommer in", 0))
    last = "StartEvent_1"
    for i in range(1, tasks + 1):
        lane = i % LANES
        tid = f"Activity_{i}"
        nodes.append((tid, "userTask" if i % 3 else "task", f"Steg {i}: gör något åt ärendet", lane))
        flow(last, tid)
        last = tid
        if i % 25 == 0:
            bid = f"Event_timer_{i}"
            extra.append(
                f'    <bpmn:boundaryEvent id="{bid}" name="Påminn" attachedToRef="{tid}" '
                f'cancelActivity="false">\n      <bpmn:outgoing>Flow_b{i}</bpmn:outgoing>\n'
                f'      <bpmn:timerEventDefinition id="Timer_{i}"><bpmn:timeDuration>P5D</bpmn:timeDuration>'
                "</bpmn:timerEventDefinition>\n    </bpmn:boundaryEvent>\n"
                f'    <bpmn:sequenceFlow id="Flow_b{i}" sourceRef="{bid}" targetRef="Activity_{i + 1}" />\n'
                if i < tasks
                else ""
            )
        if i % 50 == 0:
            extra.append(
                f'    <bpmn:textAnnotation id="Note_{i}"><bpmn:text>Anteckning {i}</bpmn:text>'
                f'</bpmn:textAnnotation>\n    <bpmn:association id="Assoc_{i}" sourceRef="{tid}" '
                f'targetRef="Note_{i}" />\n'
            )
        if i % 10 == 0 and i < tasks:
            gid, mid = f"Gateway_{i}", f"Gateway_m{i}"
            nodes.append((gid, "exclusiveGateway", "Godkänt?", lane))
            nodes.append((f"Activity_{i}_x", "task", f"Komplettera {i}", lane))
            nodes.append((mid, "exclusiveGateway", "", lane))
            flow(tid, gid)
            flow(gid, f"Activity_{i}_x", "Nej")
            flow(gid, mid, "Ja")
            flow(f"Activity_{i}_x", mid)
            last = mid
    nodes.append(("EndEvent_1", "endEvent", "Klart", 0))
    flow(last, "EndEvent_1")
    out_of: dict[str, list[str]] = {}
    into: dict[str, list[str]] = {}
    for fid, s, t, _ in flows:
        out_of.setdefault(s, []).append(fid)
        into.setdefault(t, []).append(fid)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
        'id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">\n'
        '  <bpmn:collaboration id="Collaboration_1">\n'
        '    <bpmn:participant id="Participant_1" name="Stor process" processRef="Process_1" />\n'
        "  </bpmn:collaboration>\n"
        '  <bpmn:process id="Process_1" isExecutable="false">\n    <bpmn:laneSet id="LaneSet_1">\n'
    ]
    for lane in range(LANES):
        refs = "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n, _, _, ln in nodes if ln == lane)
        parts.append(f'      <bpmn:lane id="Lane_{lane}" name="Roll {lane}">{refs}</bpmn:lane>\n')
    parts.append("    </bpmn:laneSet>\n")
    for nid, tag, name, _ in nodes:
        inner = "".join(f"<bpmn:incoming>{f}</bpmn:incoming>" for f in into.get(nid, ()))
        inner += "".join(f"<bpmn:outgoing>{f}</bpmn:outgoing>" for f in out_of.get(nid, ()))
        parts.append(f'    <bpmn:{tag} id="{nid}" name="{name}">{inner}</bpmn:{tag}>\n')
    for fid, s, t, name in flows:
        label = f' name="{name}"' if name else ""
        parts.append(f'    <bpmn:sequenceFlow id="{fid}"{label} sourceRef="{s}" targetRef="{t}" />\n')
    parts.extend(extra)
    parts.append('  </bpmn:process>\n  <bpmndi:BPMNDiagram id="BPMNDiagram_1">\n')
    parts.append('    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_1">\n')
    for k, (nid, _, _, lane) in enumerate(nodes):
        parts.append(
            f'      <bpmndi:BPMNShape id="{nid}_di" bpmnElement="{nid}">'
            f'<dc:Bounds x="{k * 150}" y="{lane * 200}" width="100" height="80" /></bpmndi:BPMNShape>\n'
        )
    for fid, _, _, _ in flows:
        parts.append(
            f'      <bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}"><di:waypoint x="0" y="0" />'
            '<di:waypoint x="10" y="0" /></bpmndi:BPMNEdge>\n'
        )
    parts.append("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n")
    return "".join(parts)


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(bpmn_text(int(sys.argv[2])), encoding="utf-8")

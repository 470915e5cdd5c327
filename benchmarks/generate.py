"""Generate a realistic synthetic process repository for benchmarks.

``generate_repository(root)`` writes 2,000 processes × 25 steps (about 17 MB
of YAML) with Swedish-ish ids and file names (å, ä, ö), roles, documents, goal
catalogs (national and municipal, hierarchical), decisions, parallel splits
and joins, boundary timer events, subprocess calls (acyclic, approved →
approved), RACI and goal links, and instructions of realistic length; an
organisation of one unit per 20 processes (100 units at 2,000) in three areas,
and one unit variant per two processes (1,000 at 2,000) under ``enheter/``, each
adding a step, replacing another's instructions and deadline; the förskola
area's processes apply to förskolor only. The result passes ``procmodel check``
cleanly, so a benchmark measures the common, clean case; the same seed always
writes the same bytes.

Run it directly to write one: ``python benchmarks/generate.py /tmp/bench 2000 25``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

AREAS = [
    ("elevhälsa", "Elevhälsa", "kärna"),
    ("undervisning", "Undervisning och lärande", "kärna"),
    ("trygghet", "Trygghet och studiero", "kärna"),
    ("ledning", "Ledning och styrning", "ledning"),
    ("stöd", "Verksamhetsstöd", "stöd"),
    ("förskola", "Förskola", "kärna"),
]
ROLES = [
    ("rektor", "Rektor"),
    ("biträdande-rektor", "Biträdande rektor"),
    ("förskolechef", "Förskolechef"),
    ("mentor", "Mentor"),
    ("lärare", "Lärare"),
    ("speciallärare", "Speciallärare"),
    ("specialpedagog", "Specialpedagog"),
    ("kurator", "Kurator"),
    ("skolsköterska", "Skolsköterska"),
    ("skolläkare", "Skolläkare"),
    ("skolpsykolog", "Skolpsykolog"),
    ("studie-och-yrkesvägledare", "Studie- och yrkesvägledare"),
    ("huvudman", "Huvudman"),
    ("förvaltningschef", "Förvaltningschef"),
    ("kvalitetsstrateg", "Kvalitetsstrateg"),
    ("skoladministratör", "Skoladministratör"),
    ("vårdnadshavare", "Vårdnadshavare"),
    ("elev", "Elev"),
    ("all-personal", "All personal"),
    ("förskollärare", "Förskollärare"),
]
VERBS = [
    "Anmäl",
    "Utred",
    "Dokumentera",
    "Bedöm",
    "Planera",
    "Följ upp",
    "Informera",
    "Kalla till",
    "Genomför",
    "Sammanställ",
    "Besluta om",
    "Överlämna",
    "Analysera",
    "Återkoppla",
    "Förankra",
    "Granska",
    "Upprätta",
    "Utvärdera",
    "Kartlägg",
    "Samråd om",
]
OBJECTS = [
    "åtgärdsprogram",
    "kränkande behandling",
    "frånvaro",
    "extra anpassningar",
    "särskilt stöd",
    "betygsunderlag",
    "elevhälsomöte",
    "utvecklingssamtal",
    "klagomål",
    "tillbud",
    "övergång",
    "tjänstefördelning",
    "resursfördelning",
    "nyanställd",
    "årshjul",
    "kvalitetsrapport",
    "närvaro",
    "studiero",
    "läsförståelse",
    "måluppfyllelse",
    "skolplacering",
    "modersmål",
]
DEADLINES = ["Samma dag", "Inom en vecka", "Inom två veckor", "Före terminsslut"]
ADJECTIVES = ["samordnad", "årlig", "löpande", "särskild", "förebyggande", "gemensam", "fördjupad", "akut"]
SENTENCES = [
    "Läs igenom tidigare dokumentation innan du börjar och notera vad som redan är gjort.",
    "Kontakta vårdnadshavare samma dag och berätta vad som har hänt och vad som händer nu.",
    "Använd mallen i lärplattformen och spara dokumentet i elevakten, inte på egen dator.",
    "Om eleven har ett pågående åtgärdsprogram ska mentor och specialpedagog alltid få veta.",
    "Skriv kort och sakligt: vad har hänt, när, var, vilka var inblandade och vad har vi gjort.",
    "Rektor ansvarar för att utredningen påbörjas skyndsamt enligt skollagen 6 kap. 10 §.",
    "Boka tid i god tid; tänk på att tolk kan behövas och att mötet ska vara tillgängligt.",
    "Följ upp inom två veckor och bedöm om insatserna har haft effekt för elevens lärande.",
    "Stäm av med elevhälsoteamet om ärendet berör flera elever eller återkommer över tid.",
    "Arkivera beslutet enligt dokumenthanteringsplanen och meddela berörda att det är klart.",
]


#: Unit types of the generated organisation, in turn, with the skolformer they run.
UNIT_TYPES = [
    ("förskola", ["förskola"]),
    ("grundskola-f-6", ["förskoleklass", "grundskola", "fritidshem"]),
    ("grundskola-7-9", ["grundskola"]),
    ("gymnasieskola", ["gymnasieskola"]),
]
UNIT_AREAS = [("norr", "Område Norr"), ("söder", "Område Söder"), ("väster", "Område Väster")]


def cached_repository(workdir: Path, processes: int = 2000, steps: int = 25) -> Path:
    """The repository generated in ``workdir``: written once, then reused by every section."""
    root = workdir / f"repo-{processes}x{steps}-units"
    if not (root / "procmodel.yaml").exists():
        generate_repository(root, processes, steps)
    return root


def organisation_summary(root: Path) -> str:
    """'100 units, 1000 unit variants' of a generated repository (from its files)."""
    org = root / "organisation.yaml"
    units = org.read_text(encoding="utf-8").count("\n  - id: ") - len(UNIT_AREAS) if org.exists() else 0
    variants = len(list((root / "enheter").rglob("*.yaml"))) if (root / "enheter").is_dir() else 0
    return f"{units} units, {variants} unit variants"


def generate_repository(root: Path, processes: int = 2000, steps: int = 25, seed: int = 1) -> Path:
    """Write a synthetic repository of ``processes`` × ``steps`` into ``root``; return ``root``.

    ``steps`` must be at least 12 (room for every kind of step). The repository
    is clean from 10 processes up: ``procmodel check`` reports no findings on it.
    """
    if steps < 12:
        raise ValueError("steps must be at least 12")
    rng = random.Random(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "goals").mkdir(exist_ok=True)
    goal_ids = _write_catalogs(root)
    documents = _write_documents(root, max(40, processes // 10))
    _write_roles(root)
    _write_config(root)
    ids = [_process_id(i, rng) for i in range(processes)]
    approved = [i for i in range(processes) if i % 10 != 9]
    leaf_cursor = 0
    for i, pid in enumerate(ids):
        area = AREAS[i % len(AREAS)][0]
        # public processes (i % 3 == 0) call only public ones, as PM304 requires
        callable_ids = [ids[j] for j in approved if j < i and (i % 3 or j % 3 == 0)]
        text, leaf_cursor = _process_yaml(
            pid, i, steps, rng, goal_ids, leaf_cursor, documents, callable_ids, area
        )
        folder = root / area
        folder.mkdir(exist_ok=True)
        (folder / f"{pid}.yaml").write_text(text, encoding="utf-8")
    units = _write_organisation(root, max(2, processes // 20))
    _write_variants(root, ids, units, processes // 2, rng)
    return root


def _write_organisation(root: Path, count: int) -> list[tuple[str, str]]:
    """``organisation.yaml`` with ``count`` units; their (id, type)."""
    lines = ["administration:", "  name: Barn- och utbildningsförvaltningen", "  huvudman: Exempelkommunen"]
    lines += ["  bindings:", "    förvaltningschef: Greta Påhittad", "areas:"]
    for aid, name in UNIT_AREAS:
        lines += [f"  - id: {aid}", f"    name: {name}"]
    lines.append("units:")
    units = []
    for i in range(count):
        kind, forms = UNIT_TYPES[i % len(UNIT_TYPES)]
        uid = f"{'förskolan' if kind == 'förskola' else 'skolan'}-{i:03d}-{UNIT_AREAS[i % 3][0]}"
        lines += [
            f"  - id: {uid}",
            f"    name: {_q(uid.replace('-', ' ').capitalize())}",
            f"    type: {kind}",
            f"    area: {UNIT_AREAS[i % 3][0]}",
            f"    skolformer: [{', '.join(forms)}]",
            "    bindings:",
            f"      rektor: Rektor {i:03d}",
            f"      mentor: [Mentor {i:03d}a, Mentor {i:03d}b]",
        ]
        units.append((uid, kind))
    (root / "organisation.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return units


def _write_variants(
    root: Path, ids: list[str], units: list[tuple[str, str]], count: int, rng: random.Random
) -> None:
    """``count`` unit variants, each of a different (process, unit) pair the process applies to."""
    preschool = [u for u, kind in units if kind == "förskola"]
    schools = [u for u, kind in units if kind != "förskola"]
    for n in range(count):
        i = (n * 2 + 1) % len(ids)
        pid = ids[i]
        pool = preschool if AREAS[i % len(AREAS)][0] == "förskola" else schools
        uid = pool[(n // 3) % len(pool)] if pool else units[0][0]
        lines = [
            "# yaml-language-server: $schema=../../../schemas/variant.schema.json",
            f"extends: {pid}",
            f"unit: {uid}",
            f"summary: {_q('Enheten har en egen kontaktperson och snabbare återkoppling.')}",
            "add:",
            "  - after: start",
            "    step:",
            "      id: kontakta-enhetens-samordnare",
            f"      title: {_q('Kontakta enhetens samordnare')}",
            "      role: mentor",
            "      informed: [rektor]",
            "      deadline: Samma dag",
            "      instructions: >-",
            f"        {' '.join(rng.sample(SENTENCES, 2))}",
            "replace:",
            "  - step: steg-1",
            f"    deadline: {_q(rng.choice(DEADLINES))}",
            "    instructions: >-",
            f"      {' '.join(rng.sample(SENTENCES, 2))}",
        ]
        folder = root / "enheter" / uid
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{pid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _process_id(i: int, rng: random.Random) -> str:
    obj = rng.choice(OBJECTS).replace(" ", "-")
    return f"{obj}-{rng.choice(ADJECTIVES)}-{i:04d}"


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_catalogs(root: Path) -> list[str]:
    """Skollagen, Lgr22 and municipal goals; returns the leaf goal ids processes link to.

    The municipal goals (the ones ``coverage.required`` names) come first, so even
    a small repository serves every one of them.
    """
    leaves: list[str] = []
    lines = [
        "# yaml-language-server: $schema=../../schemas/goals.schema.json",
        "id: skollagen",
        "title: Skollag (2010:800)",
        "short: Skollagen",
        "kind: national",
        "reference: SFS 2010:800",
        "goals:",
    ]
    for chapter in range(1, 30):
        lines += [
            f"  - id: sl-{chapter}",
            f"    number: {chapter} kap.",
            f"    title: Kapitel {chapter}",
            "    goals:",
        ]
        for par in range(1, 13):
            gid = f"sl-{chapter}-{par}"
            obj = OBJECTS[(chapter + par) % len(OBJECTS)]
            leaves.append(gid)
            lines += [
                f"      - id: {gid}",
                f"        number: {chapter} kap. {par} §",
                "        text: "
                + _q(f"Huvudmannen ska se till att verksamheten följer bestämmelsen om {obj}."),
            ]
    (root / "goals" / "skollagen.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = [
        "id: lgr22",
        "title: Läroplan för grundskolan, förskoleklassen och fritidshemmet 2022",
        "short: Lgr22",
        "goals:",
    ]
    for section in range(1, 9):
        lines += [
            f"  - id: lgr22-2.{section}",
            f"    number: '2.{section}'",
            f"    title: Avsnitt 2.{section}",
            "    goals:",
        ]
        for goal in range(1, 16):
            gid = f"lgr22-2.{section}-m{goal}"
            obj = OBJECTS[goal % len(OBJECTS)]
            leaves.append(gid)
            lines += [
                f"      - id: {gid}",
                "        text: " + _q(f"Skolan ansvarar för att varje elev utvecklar förmåga inom {obj}."),
            ]
    (root / "goals" / "lgr22.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = ["id: kommunens-mål", "title: Kommunens mål för utbildning", "kind: municipal", "goals:"]
    for n in range(1, 41):
        gid = f"kommun-mål-{n}"
        leaves.insert(n - 1, gid)  # first: the required goals are linked before any other
        lines += [
            f"  - id: {gid}",
            f"    title: {_q('Ökad ' + OBJECTS[n % len(OBJECTS)] + ' för alla barn och elever')}",
            f"    supports: [sl-{n % 29 + 1}-{n % 12 + 1}, lgr22-2.{n % 8 + 1}-m{n % 15 + 1}]",
        ]
    (root / "goals" / "kommunens-mål.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return leaves


def _write_documents(root: Path, count: int) -> list[str]:
    ids = []
    lines = ["documents:"]
    for n in range(count):
        did = f"blankett-{OBJECTS[n % len(OBJECTS)].replace(' ', '-')}-{n:03d}"
        ids.append(did)
        lines += [
            f"  - id: {did}",
            f"    title: {_q('Blankett för ' + OBJECTS[n % len(OBJECTS)])}",
            "    kind: blankett",
            f"    url: https://intranät.exempel.se/blanketter/{did}.pdf",
        ]
    (root / "documents.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def _write_roles(root: Path) -> None:
    lines = ["roles:"]
    for rid, name in ROLES:
        lines += [f"  - id: {rid}", f"    name: {name}", f"    description: {_q(name + ' på skolenheten.')}"]
        if rid in ("vårdnadshavare", "elev"):
            lines.append("    external: true")
    (root / "roles.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_config(root: Path) -> None:
    lines = ["name: Exempelkommunens processer", "today: 2025-12-31", "areas:"]
    for aid, title, kind in AREAS:
        lines += [f"  - id: {aid}", f"    title: {title}", f"    kind: {kind}"]
    lines += ["coverage:", "  required: [kommunens-mål]"]
    (root / "procmodel.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _process_yaml(
    pid: str,
    index: int,
    n_steps: int,
    rng: random.Random,
    goal_ids: list[str],
    leaf_cursor: int,
    documents: list[str],
    callable_ids: list[str],
    area: str,
) -> tuple[str, int]:
    status = "draft" if index % 10 == 9 else "approved"
    roles = [r for r, _ in ROLES]
    obj = pid.rsplit("-", 2)[0].replace("-", " ")
    served: list[str] = []

    def goals() -> list[str]:
        nonlocal leaf_cursor
        picked = [goal_ids[leaf_cursor % len(goal_ids)], rng.choice(goal_ids)]
        leaf_cursor += 1
        served.extend(picked)
        return sorted(set(picked))

    def instructions() -> str:
        return " ".join(rng.sample(SENTENCES, rng.randint(2, 3)))

    def title() -> str:
        return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"

    steps: list[list[str]] = []

    def task(sid: str, nxt: str | None = None) -> None:
        lines = [
            f"  - id: {sid}",
            f"    title: {_q(title())}",
            f"    role: {rng.choice(roles)}",
            f"    informed: [{rng.choice(roles)}, {rng.choice(roles)}]",
            f"    goals: [{', '.join(goals())}]",
            f"    documents: [{rng.choice(documents)}]",
            f"    deadline: {_q(rng.choice(DEADLINES))}",
            "    instructions: >-",
            f"      {instructions()}",
        ]
        if nxt:
            lines.append(f"    next: {nxt}")
        steps.append(lines)

    steps.append(
        [
            "  - id: start",
            "    type: start",
            f"    title: {_q('Behov av ' + obj + ' uppstår')}",
            "    role: all-personal",
        ]
    )
    k = 0
    remaining = n_steps - 2  # start and end
    while remaining > 0:
        block = k % 4
        k += 1
        if block == 0 and remaining >= 5:  # decision → two branches → merge
            d, a, b, m = f"beslut-{k}", f"åtgärd-{k}-ja", f"åtgärd-{k}-nej", f"möts-{k}"
            steps.append(
                [
                    f"  - id: {d}",
                    "    type: decision",
                    f"    title: {_q('Behövs ' + rng.choice(OBJECTS) + '?')}",
                    f"    role: {rng.choice(roles)}",
                    "    outcomes:",
                    f"      - {{label: Ja, next: {a}}}",
                    f"      - {{label: Nej, next: {b}}}",
                ]
            )
            task(a, nxt=m)
            task(b)
            steps.append([f"  - id: {m}", "    type: merge"])
            task(f"steg-{k}")
            remaining -= 5
        elif block == 1 and remaining >= 5:  # parallel split → two branches → join
            p, x, y, j = f"parallellt-{k}", f"gren-{k}-ett", f"gren-{k}-två", f"samlas-{k}"
            steps.append([f"  - id: {p}", "    type: parallel", f"    next: [{x}, {y}]"])
            task(x, nxt=j)
            task(y)
            steps.append([f"  - id: {j}", "    type: join"])
            task(f"steg-{k}")
            remaining -= 5
        elif block == 2 and remaining >= 2 and callable_ids:  # subprocess call
            steps.append(
                [
                    f"  - id: delprocess-{k}",
                    "    type: subprocess",
                    f"    title: {_q('Genomför delprocess')}",
                    f"    role: {rng.choice(roles)}",
                    f"    calls: {rng.choice(callable_ids[-200:])}",
                ]
            )
            task(f"steg-{k}")
            remaining -= 2
        elif block == 3 and remaining >= 3:  # task with a boundary timer event
            t, e, after = f"handläggning-{k}", f"påminnelse-{k}", f"steg-{k}"
            task(t)
            steps.append(
                [
                    f"  - id: {e}",
                    "    type: event",
                    "    event: timer",
                    f"    title: {_q('Två veckor har gått')}",
                    f"    attached_to: {t}",
                    "    interrupting: false",
                    f"    next: {after}",
                ]
            )
            task(after)
            remaining -= 3
        else:
            task(f"steg-{k}")
            remaining -= 1
    steps.append(["  - id: klart", "    type: end", f"    title: {_q('Ärendet om ' + obj + ' är avslutat')}"])

    process_goals = sorted(set(served[:2]))
    head = [
        "# yaml-language-server: $schema=../../schemas/process.schema.json",
        f"id: {pid}",
        f"title: {_q(title() + ' inom ' + obj)}",
        f"question: {_q('Hur gör vi när det gäller ' + obj + '?')}",
        f"keywords: [{obj}, {rng.choice(OBJECTS)}, {rng.choice(OBJECTS)}]",
        f"version: {index % 5 + 1}.{index % 3}.0",
        f"status: {status}",
        f"owner: {rng.choice(['rektor', 'förvaltningschef', 'huvudman'])}",
        f"reviewed: 2025-{index % 12 + 1:02d}-{index % 28 + 1:02d}",
        "review_interval_months: 12",
        f"audience: {'public' if index % 3 == 0 else 'staff'}",
        f"area: {area}",
        *(["applies_to:", "  unit_types: [förskola]"] if area == "förskola" else []),
        f"goals: [{', '.join(process_goals)}]",
        "steps:",
    ]
    body = [line for step in steps for line in step]
    return "\n".join(head + body) + "\n", leaf_cursor


def main(argv: list[str]) -> int:
    """``generate.py ROOT [PROCESSES [STEPS]]``."""
    if not argv:
        print(__doc__)
        return 2
    processes = int(argv[1]) if len(argv) > 1 else 2000
    steps = int(argv[2]) if len(argv) > 2 else 25
    root = generate_repository(Path(argv[0]), processes, steps)
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    print(f"wrote {processes} processes × {steps} steps to {root} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

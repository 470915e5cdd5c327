"""The search quality set: questions as staff, parents and principals type them, with the
process each must find. Not titles: inflections, missing å/ä/ö, everyday words (the
synonym file), statute shorthand and one-letter typos.

``audience`` is where a query is asked: ``both`` (the process is public), or ``staff`` (the
process is staff-only, so only the staff site can answer it).
"""

from __future__ import annotations

from typing import NamedTuple


class Query(NamedTuple):
    text: str
    expected: str  # process id
    audience: str = "both"  # both | staff


QUERIES = [
    # kränkande behandling
    Query("min son blir mobbad", "kränkande-behandling"),
    Query("mobbar", "kränkande-behandling"),
    Query("eleven blir retad i klassen", "kränkande-behandling"),
    Query("bråk på rasten", "kränkande-behandling"),
    Query("krankande behandling", "kränkande-behandling"),
    Query("trakaserier", "kränkande-behandling"),  # one letter missing
    Query("näthat", "kränkande-behandling"),
    Query("SL 6:10", "kränkande-behandling"),
    Query("6 kap 10 §", "kränkande-behandling"),
    Query("skollagen 6:10", "kränkande-behandling"),
    Query("eleven blir utfryst", "kränkande-behandling"),
    Query("sexuella trakasserier", "kränkande-behandling"),
    Query("hur gör vi när en elev blir kränkt", "kränkande-behandling"),
    # the same paragraph in the förskola: found first when the query says förskola
    Query("6 kap 10 förskola", "kränkande-behandling-i-förskolan"),
    Query("mobbning i förskolan", "kränkande-behandling-i-förskolan"),
    Query("min dotter blir mobbad", "kränkande-behandling"),
    # frånvaro
    Query("skolkar", "frånvarohantering"),
    Query("skolkade i tre veckor", "frånvarohantering"),
    Query("hemmasittare", "frånvarohantering"),
    Query("franvaro", "frånvarohantering"),
    Query("eleven är ofta borta från skolan", "frånvarohantering"),
    Query("ogiltig frånvaro", "frånvarohantering"),
    Query("frånvaron ökar", "frånvarohantering"),
    Query("problematisk skolfrånvaro", "frånvarohantering"),
    Query("skolplikt", "frånvarohantering"),
    Query("7 kap 19 a", "frånvarohantering"),
    # särskilt stöd
    Query("atgardsprogram", "särskilt-stöd"),
    Query("ÅP", "särskilt-stöd"),
    Query("behöver särskilt stöd", "särskilt-stöd"),
    Query("särskild undervisningsgrupp", "särskilt-stöd"),
    Query("pedagogisk kartläggning", "särskilt-stöd"),
    Query("anpassad studiegang", "särskilt-stöd"),
    # extra anpassningar
    Query("extra anpasningar", "extra-anpassningar"),  # one letter missing
    Query("bildstöd", "extra-anpassningar"),
    Query("riskerar att inte nå målen", "extra-anpassningar"),
    Query("dyslexi", "extra-anpassningar"),
    Query("förlängd tid på prov", "extra-anpassningar"),
    # elevhälsa
    Query("kurator", "elevhälsoärende"),
    Query("eht", "elevhälsoärende"),
    Query("elevhälsoteamet", "elevhälsoärende"),
    Query("skolsköterskan", "elevhälsoärende"),
    Query("eleven mår dåligt", "elevhälsoärende"),
    Query("psykisk ohalsa", "elevhälsoärende"),
    # klagomål
    Query("klaga på skolan", "klagomålshantering"),
    Query("jag vill lämna synpunkter", "klagomålshantering"),
    Query("missnöjd förälder", "klagomålshantering"),
    Query("klagomal", "klagomålshantering"),
    Query("4:8", "klagomålshantering"),
    Query("BEO", "klagomålshantering"),
    # systematiskt kvalitetsarbete
    Query("arshjul", "systematiskt-kvalitetsarbete"),
    Query("kvalitetsrapporten", "systematiskt-kvalitetsarbete"),
    Query("uppföljning av resultaten", "systematiskt-kvalitetsarbete"),
    Query("mitterminskonferens", "systematiskt-kvalitetsarbete"),
    # betyg
    Query("sätta betyg", "betygssättning"),
    Query("betygskonferens", "betygssättning"),
    Query("nationella proven", "betygssättning"),
    Query("sambedömning", "betygssättning"),
    Query("betygsattning", "betygssättning"),
    # utvecklingssamtal
    Query("kvartssamtal", "utvecklingssamtal-och-iup"),
    Query("IUP", "utvecklingssamtal-och-iup"),
    Query("föräldrasamtal", "utvecklingssamtal-och-iup"),
    Query("utvecklingssamtalet med mamma", "utvecklingssamtal-och-iup"),
    Query("individuell utvecklingsplan", "utvecklingssamtal-och-iup"),
    # övergångar
    Query("inskolning", "övergång-förskola-skola"),
    Query("börjar förskoleklass", "övergång-förskola-skola"),
    Query("overlamning till skolan", "övergång-förskola-skola"),
    Query("skolstart", "övergång-förskola-skola"),
    # ledighet
    Query("ledigt för semester", "ledighetsansökan"),
    Query("söka ledighet för en resa", "ledighetsansökan"),
    Query("pappa vill ta barnet på semester", "ledighetsansökan"),
    Query("ledighetsansokan", "ledighetsansökan"),
    # staff only
    Query("tjänstefördelning", "tjänstefördelning", "staff"),
    Query("bemanning nästa läsår", "tjänstefördelning", "staff"),
    Query("hotad av en elev", "incident-och-tillbud", "staff"),
    Query("hotfull förälder", "incident-och-tillbud", "staff"),
    Query("tillbud", "incident-och-tillbud", "staff"),
    Query("olycka på idrotten", "incident-och-tillbud", "staff"),
    Query("nyanställd", "introduktion-nyanställd", "staff"),
    Query("ny kollega börjar", "introduktion-nyanställd", "staff"),
    Query("registerutdrag", "introduktion-nyanställd", "staff"),
    Query("orosanmalan", "orosanmälan", "staff"),
    Query("barnet far illa", "orosanmälan", "staff"),
    Query("anmäla till soc", "orosanmälan", "staff"),
    Query("misstänker misshandel hemma", "orosanmälan", "staff"),
]

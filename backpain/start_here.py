"""'Start here': what the NHS and NICE say first for each kind of back pain, before any option is compared.

Plain words (grade 8 or lower), each line with the sources it was read in (all in data/sources.yaml, all primary).
It comes before the options so that a person who arrives from an advert for one pill first reads that most back
pain gets better, and what helps first.
"""

from __future__ import annotations

from dataclasses import dataclass

from backpain.schema import Indication


@dataclass(frozen=True)
class Line:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class StartHere:
    outlook: Line
    first_steps: tuple[Line, ...]
    get_help: Line


START_HERE = {
    Indication.acute: StartHere(
        outlook=Line(
            "Most new back pain gets much better within weeks. Nearly all low back pain starts to fade within 2 weeks "
            "and settles within 6 weeks.",
            ("south_tees_lower_back_self_help",),
        ),
        first_steps=(
            Line(
                "Keep moving and carry on with your normal day, work included, as much as you can. Resting for long "
                "often makes the pain worse.",
                ("greenmoss_back_pain_self_care", "nice_ng59"),
            ),
            Line("A hot or cold pack may help with the pain.", ("greenmoss_back_pain_self_care",)),
            Line(
                "Need a medicine? NICE says to think about an anti-inflammatory (NSAID) such as ibuprofen "
                "(Advil, Nurofen), if it is safe for you. It says not to use paracetamol (Tylenol) alone.",
                ("nice_ng59",),
            ),
        ),
        get_help=Line(
            "No better after 2 weeks of self-care, or getting worse? Ask a pharmacist or a GP what to do next.",
            ("greenmoss_back_pain_self_care",),
        ),
    ),
    Indication.chronic: StartHere(
        outlook=Line(
            "Back pain that has lasted a long time can still get better with the right care. For some people it goes "
            "away; for others it comes and goes.",
            ("northumbria_lower_back_self_care",),
        ),
        first_steps=(
            Line(
                "Keep moving, even slowly at first, and keep living and working as normally as you can.",
                ("northumbria_lower_back_self_care", "nice_ng59"),
            ),
            Line(
                "NICE says to think about a group exercise class, such as stretching, strength work, aerobics or yoga.",
                ("nice_ng59",),
            ),
            Line(
                "Surgery, injections and strong painkillers do not help most long-lasting back pain much in the long "
                "run. They can also cause side effects.",
                ("northumbria_lower_back_self_care",),
            ),
        ),
        get_help=Line(
            "Has other care not helped? Ask your GP about a course that mixes exercise and talking therapy.",
            ("nice_ng59",),
        ),
    ),
    Indication.sciatica: StartHere(
        outlook=Line("Sciatica usually gets better in 4 to 6 weeks. It can last longer.", ("nhs_111_wales_sciatica",)),
        first_steps=(
            Line(
                "Carry on with your normal activities as much as you can, and start gentle exercise as soon as you can. "
                "Do not sit or lie down for long.",
                ("nhs_111_wales_sciatica",),
            ),
            Line(
                "Hold heat packs on the painful areas. Do not use a hot water bottle: if your skin is numb, it could burn you.",
                ("nhs_111_wales_sciatica",),
            ),
            Line(
                "Ask a pharmacist about painkillers. Paracetamol (Tylenol) is not likely to help. It is not clear how much "
                "anti-inflammatories (NSAIDs) help.",
                ("nhs_111_wales_sciatica",),
            ),
        ),
        get_help=Line(
            "See a GP if the pain is no better after a few weeks of home care, is getting worse, or stops your normal life.",
            ("nhs_111_wales_sciatica",),
        ),
    ),
}


def for_indication(indication: Indication | str) -> StartHere:
    return START_HERE[Indication(indication)]


def source_ids(start: StartHere) -> tuple[str, ...]:
    lines = (start.outlook, *start.first_steps, start.get_help)
    return tuple(dict.fromkeys(s for line in lines for s in line.sources))

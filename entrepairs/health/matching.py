"""Members like me: how much two profiles resemble each other, from what the other member shares.

Pure scoring (no database): health/queries.py gathers the facts each candidate shows the viewer and
ranks them here. Weights: the same ICD-10 code 3, the same category ("C50") 2, each treatment taken
by both 1, the same stage of a shared condition 1, the same age band 1. Every point comes with its
reason, shown to the viewer ("Même affection : ..."), so a match is never a black box."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from entrepairs.health import icd10


@dataclass
class Facts:
    codes: dict[str, str] = field(default_factory=dict)  # code -> stage ("" when none given)
    treatments: dict[str, str] = field(default_factory=dict)  # folded name -> name as typed
    age_band: str | None = None

    @property
    def categories(self) -> dict[str, str]:
        return {code.split(".")[0]: code for code in self.codes}


@dataclass
class Match:
    member: object
    score: int
    reasons: list[str]


def score(mine: Facts, theirs: Facts) -> tuple[int, list[str]]:
    points, reasons = 0, []
    their_categories = theirs.categories
    for code, stage in sorted(mine.codes.items()):
        category = code.split(".")[0]
        if code in theirs.codes:
            points += 3
            reasons.append(_("Same condition: %(label)s") % {"label": icd10.label(code)})
            if stage and icd10.fold(stage) == icd10.fold(theirs.codes[code]):
                points += 1
                reasons.append(_("Same stage or type: %(stage)s") % {"stage": stage})
        elif category in their_categories:
            points += 2
            reasons.append(
                _("Related condition: %(label)s") % {"label": icd10.label(their_categories[category])}
            )
    for key in sorted(set(mine.treatments) & set(theirs.treatments)):
        points += 1
        reasons.append(_("Same treatment: %(name)s") % {"name": theirs.treatments[key]})
    if mine.age_band and mine.age_band == theirs.age_band:
        points += 1
        reasons.append(_("Same age band: %(band)s") % {"band": theirs.age_band})
    return points, reasons

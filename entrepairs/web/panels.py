"""What a network's home and a member's profile show: panels and quick actions the features register.

The home is a page of the foundation (networks/views.py), which imports no feature; yet what makes it
alive is theirs: the discussions' latest activity, unanswered questions and followed threads, the
magazine's latest issue, the Messages button where private messages are on. Each feature registers,
from its AppConfig.ready():

- `register_panel(HomePanel(...))`: a block of the home. `context(member)` returns the template's
  context, or None when the panel has nothing to show (the magazine of a network without issues);
  its queries count in the home's budget, so a panel reads a bounded page, in a fixed number of
  queries whatever the network's size.
- `register_quick_action(QuickAction(...))`: a button at the top of the home; `url(member)` returns
  its address or None when the action is not offered to that persona (no Messages where they are off).
- `register_first_step(FirstStep(...))`: a step of the newcomer's first-steps list; `done(member)` is
  a queryset that exists once the step is done, so the whole list costs one query (scalar EXISTS
  subqueries on the persona's row, as the header's badges). That query is compiled once per process
  (entrepairs/prepared.py) with a stand-in persona: `done` may read the member's id and network only.
- `register_profile_panel(ProfilePanel(...))`: a block of a member's profile (the discussions: their
  contributions in this network); `context(viewer, shown)` as a home panel's."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, QuerySet

from entrepairs.networks import access
from entrepairs.networks.models import Membership
from entrepairs.prepared import Prepared

MAIN, SIDE = "main", "side"


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[[Membership], dict | None]
    order: int = 100  # lower first
    column: str = MAIN  # MAIN or SIDE


@dataclass(frozen=True)
class QuickAction:
    name: str
    label: str  # lazily translated
    url: Callable[[Membership], str | None]
    order: int = 100
    primary: bool = False


@dataclass(frozen=True)
class FirstStep:
    name: str
    label: str  # lazily translated
    url: Callable[[Membership], str]
    done: Callable[[Membership], QuerySet]
    order: int = 100
    post: bool = False  # the step's link is an action (a form posting to `url`)


@dataclass(frozen=True)
class ProfilePanel:
    name: str
    template: str
    context: Callable[[Membership, Membership], dict | None]
    order: int = 100


_panels: dict[str, HomePanel] = {}
_profile_panels: dict[str, ProfilePanel] = {}
_actions: dict[str, QuickAction] = {}
_steps: dict[str, FirstStep] = {}


def register_panel(panel: HomePanel) -> None:
    _panels[panel.name] = panel


def register_profile_panel(panel: ProfilePanel) -> None:
    _profile_panels[panel.name] = panel


def register_quick_action(action: QuickAction) -> None:
    _actions[action.name] = action


def register_first_step(step: FirstStep) -> None:
    _steps[step.name] = step


@dataclass
class ShownPanel:
    panel: HomePanel | ProfilePanel
    context: dict

    @property
    def template(self) -> str:
        return self.panel.template


def panels_for(member: Membership) -> dict[str, list[ShownPanel]]:
    """{"main": [...], "side": [...]}: the panels with something to show, in order."""
    shown: dict[str, list[ShownPanel]] = {MAIN: [], SIDE: []}
    for panel in sorted(_panels.values(), key=lambda panel: (panel.order, panel.name)):
        context = panel.context(member)
        if context is not None:
            shown[panel.column].append(ShownPanel(panel, context))
    return shown


def profile_panels_for(viewer: Membership, shown: Membership) -> list[ShownPanel]:
    found = []
    for panel in sorted(_profile_panels.values(), key=lambda panel: (panel.order, panel.name)):
        context = panel.context(viewer, shown)
        if context is not None:
            found.append(ShownPanel(panel, context))
    return found


def quick_actions_for(member: Membership) -> list[dict]:
    found = []
    for action in sorted(_actions.values(), key=lambda action: (action.order, action.name)):
        url = action.url(member)
        if url:
            found.append({"name": action.name, "label": action.label, "url": url, "primary": action.primary})
    return found


def _first_steps_row(member_id, network_id, *, variant) -> QuerySet[Membership]:
    stand_in = access.stand_in_member(member_id, network_id)
    return (
        access.persona_row(stand_in)
        .order_by()
        .values(**{f"step_{name}": Exists(_steps[name].done(stand_in)) for name in variant})
    )


_first_steps_statement = Prepared(_first_steps_row, ("int", "int"))


def first_steps_for(member: Membership) -> list[dict]:
    """The first steps with their state ({"label", "url", "done"}), in one query."""
    steps = sorted(_steps.values(), key=lambda step: (step.order, step.name))
    if not steps:
        return []
    names = tuple(step.name for step in steps)
    row = _first_steps_statement.first_values(member.pk, member.network_id, variant=names) or {}
    return [
        {
            "name": step.name,
            "label": step.label,
            "url": step.url(member),
            "post": step.post,
            "done": bool(row.get(f"step_{step.name}")),
        }
        for step in steps
    ]

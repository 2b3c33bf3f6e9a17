"""The ten main pages, on the demo data, in French, at desktop (1280x800) and phone (390x844) width:
axe-core finds no critical or serious violation on any of them, and on a phone the site behaves as an
app (one-row header, the network's sections in a bottom bar, the network switcher inside the screen,
scrollable tabs, the composer pinned to the bottom of a conversation, tap targets of 44 px).

`make screenshots` runs this module with SCREENSHOT_DIR=screenshots: the PNG files of every page at
both widths land there (git-ignored) for anyone to look at. axe-core is vendored under vendor/ (from
the npm registry): no page fetches anything from outside."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from entrepairs.messaging.models import Participant
from entrepairs.networks.models import Membership
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts/screenshots")) / "main-pages"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NETWORK = "cancer-du-sein"
MEMBER = f"{NETWORK}.03@example.test"  # a member (no moderation tools): what most people see
PASSWORD = "demo-entrepairs-2026"  # noqa: S105 - the demo's public password
MINIMUM_TAP = 44


def _main_pages() -> list[tuple[str, str]]:
    """(name, address) of the ten main pages as the demo member sees them."""
    member = Membership.objects.get(user__email=MEMBER, network__slug=NETWORK)
    # The busiest thread: the one a member would open first.
    thread = member.network.threads.filter(deleted_at__isnull=True).order_by("-last_activity_at").first()
    conversation = (
        Participant.objects.filter(member=member, left_at__isnull=True)
        .order_by("-pk")
        .first()
        .conversation_id
    )
    other = Membership.objects.filter(network=member.network, status="active").exclude(pk=member.pk).first()
    base = f"/n/{NETWORK}"
    return [
        ("home", "/"),
        ("network-home", f"{base}/"),
        ("threads", f"{base}/d/"),
        ("thread", f"{base}/t/{thread.pk}/"),
        ("new-discussion", f"{base}/d/new/"),
        ("conversations", f"{base}/messages/"),
        ("conversation", f"{base}/messages/c/{conversation}/"),
        ("notifications", f"{base}/notifications/"),
        ("profile", f"{base}/members/{other.pk}/"),
        ("account", "/account/"),
    ]


def _axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        """async () => {
          const results = await axe.run(document, {resultTypes: ["violations"]});
          return results.violations
            .filter(v => v.impact === "critical" || v.impact === "serious")
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )


def _small_tap_targets(page) -> list[str]:
    """Controls of the header, the bottom bar, the tabs and every button or field smaller than 44 px
    (links inside sentences are exempt, as WCAG 2.5.8 says)."""
    return page.evaluate(
        """(minimum) => {
          const selector = [".site-header a", ".network-nav a", ".site-header summary", ".site-header button",
            ".tabs a", "main .button", "main button", "main select",
            "main input:not([type=hidden]):not([type=checkbox]):not([type=radio])", "main textarea"].join(",");
          const small = [];
          for (const element of document.querySelectorAll(selector)) {
            const box = element.getBoundingClientRect();
            if (!box.width || !box.height || !element.checkVisibility({visibilityProperty: true})) continue;
            if (box.height < minimum - 0.5 || box.width < minimum - 0.5) {
              small.push(`${element.tagName.toLowerCase()}.${element.className} "${element.textContent.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
            }
          }
          return small;
        }""",
        MINIMUM_TAP,
    )


@pytest.fixture
def demo(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    _with_a_conversation()


def _with_a_conversation() -> None:
    """The demo member has a conversation to open (the network allows private messages)."""
    from entrepairs.messaging import services as messaging

    member = Membership.objects.select_related("network").get(user__email=MEMBER, network__slug=NETWORK)
    if Participant.objects.filter(member=member, left_at__isnull=True).exists():
        return
    network = member.network
    if not network.private_messages_enabled:
        network.allow_private_messages = True
        network.save(update_fields=["allow_private_messages"])
    other = (
        Membership.objects.filter(network=network, status="active", role="member")
        .exclude(pk=member.pk)
        .first()
    )
    conversation = messaging.start_direct(member, other)
    lines = [
        (other, "Bonjour ! J'ai vu ton message sur la fatigue. Tu as pu en parler à ton oncologue ?"),
        (member, "Oui, mardi. Elle m'a conseillé de marcher un peu chaque jour, même fatiguée."),
        (other, "Ça m'avait aidée aussi. Courage pour la suite, on en reparle quand tu veux."),
    ]
    for index, (author, body) in enumerate(lines):
        messaging.send_message(author, conversation, body=body, client_id=f"demo-{index}")


def _signed_in_page(browser, live_server, viewport, *, mobile):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport=viewport,
        is_mobile=mobile,
        has_touch=mobile,
        # axe is added to each page as a script of its own: the site's CSP would (rightly) refuse it.
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, MEMBER, PASSWORD)
    return context, page


def test_main_pages_have_no_serious_accessibility_violations_on_desktop_and_phone(browser, live_server, demo):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = _main_pages()
    found, small = {}, {}
    for width, viewport, mobile in (("desktop", DESKTOP, False), ("phone", PHONE, True)):
        context, page = _signed_in_page(browser, live_server, viewport, mobile=mobile)
        for name, address in pages:
            response = page.goto(address)
            assert response.status == 200, f"{name}: {address} answered {response.status}"
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(SCREENSHOTS / f"{width}-{name}.png"), full_page=True)
            violations = _axe_violations(page)
            if violations:
                found[f"{width} {name}"] = violations
            if mobile:
                too_small = _small_tap_targets(page)
                if too_small:
                    small[name] = too_small
        context.close()
    assert found == {}
    assert small == {}


def test_phone_layout_is_an_app(browser, live_server, demo):
    """One-row header, sections at the bottom, the switcher inside the screen, tabs that scroll, the
    composer at the bottom of the screen in a conversation and under a thread."""
    pages = dict(_main_pages())
    context, page = _signed_in_page(browser, live_server, PHONE, mobile=True)
    page.goto(pages["network-home"])
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64, f"the header takes {header['height']} px of 844"
    bottom = page.locator(".network-nav")
    assert bottom.is_visible()
    box = bottom.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)
    assert bottom.locator("a").count() >= 4

    page.locator(".persona-switcher > summary").click()
    menu = page.locator(".persona-switcher .menu-list").bounding_box()
    assert menu["x"] >= 0
    assert menu["x"] + menu["width"] <= PHONE["width"]

    page.goto(pages["threads"])
    tabs = page.locator(".tabs").first
    assert tabs.evaluate("(el) => getComputedStyle(el).overflowX") in {"auto", "scroll"}
    assert tabs.evaluate("(el) => el.scrollWidth > el.clientWidth")  # the spaces do not fit: they scroll
    # Scrolled to its end, the last space is whole on the screen: reachable, not cut off.
    tabs.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
    last_box = tabs.locator("a").last.bounding_box()
    assert last_box["x"] >= 0
    assert last_box["x"] + last_box["width"] <= PHONE["width"] + 1

    for name in ("conversation", "thread"):
        page.goto(pages[name])
        composer = page.locator("[data-composer]").first
        composer_box = composer.bounding_box()
        assert composer_box is not None, name
        assert composer_box["y"] + composer_box["height"] <= PHONE["height"] + 1, (
            f"{name}: composer below the fold"
        )
    context.close()

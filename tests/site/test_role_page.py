"""Role pages ("Mina uppgifter"): the steps of every group role the role belongs to."""

from __future__ import annotations

import html
import re

import pytest

from procmodel import load_repository
from procmodel.site import generate_site, urls

from .site_helpers import EXAMPLE


@pytest.fixture(scope="module")
def example_public():
    return generate_site(load_repository(EXAMPLE), audience="public")


def _section(page: str, anchor: str) -> str:
    """The page from the heading with ``{#anchor}`` to the next heading of the same level."""
    m = re.search(r"^(#+) .*\{#" + re.escape(anchor) + r"\}$", page, re.M)
    assert m, f"no section #{anchor}"
    rest = page[m.end() :]
    end = re.search(rf"^{m.group(1)} ", rest, re.M)
    return html.unescape(rest[: end.start()] if end else rest)


def test_teacher_page_lists_the_all_staff_steps_in_their_own_section(example_public):
    page = example_public.files[urls.role_path("lärare")]
    section = _section(page, "g-all-personal")
    assert "Som All personal" in page
    assert "Ingrip och se till att eleven är trygg" in section
    assert 'data-step="kränkande-behandling/ingrip"' in section
    # the teacher's own steps are not repeated as group steps, and the group step is not an own step
    own = html.unescape(page[: page.index("{#g-all-personal}")])
    assert "Ingrip och se till att eleven är trygg" not in own


def test_membership_is_followed_through_groups(example_public):
    """A mentor is a lärare, and a lärare is one of all personal: both sections, nearest first."""
    page = example_public.files[urls.role_path("mentor")]
    assert page.index("{#g-lärare}") < page.index("{#g-all-personal}")
    assert "Ingrip och se till att eleven är trygg" in _section(page, "g-all-personal")


def test_group_page_names_its_members(example_public):
    page = html.unescape(example_public.files[urls.role_path("all-personal")])
    members = re.search(r'<p class="pm-role-members">(.*?)</p>', page).group(1)
    assert "Lärare" in members and "Mentor" in members and "Rektor" in members
    assert "Vårdnadshavare" not in members  # external roles belong to no staff group

"""Numbers and text from a request stay inside the range of the column they reach: past it the answer is a
404 or a form message, never a database error (OverflowError on SQLite, DataError on PostgreSQL)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import PathConverter, SlugConverter, StringConverter, UUIDConverter
from django.urls.resolvers import RegexPattern

from assessment.converters import ID_MAX, IdConverter
from assessment.models import Membership
from tests.pages import client_for

# Converters that never hand a view a number.
TEXT_CONVERTERS = (StringConverter, SlugConverter, PathConverter, UUIDConverter)


def url_patterns(resolver=None, prefix=""):
    """Every (route, pattern) of the project's URLconf, included ones too."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield route, entry
            yield from url_patterns(entry, route)
        else:
            yield route, entry


def test_every_number_in_a_url_goes_through_the_bounded_id_converter():
    ids = 0
    for route, entry in url_patterns():
        if isinstance(entry.pattern, RegexPattern):
            # The admin's regexes name apps and models, never a number.
            assert "\\d" not in route and "[0-9]" not in route, route
            continue
        for name, converter in entry.pattern.converters.items():
            assert isinstance(converter, (IdConverter, *TEXT_CONVERTERS)), f"{route}: <{name}> uses {type(converter).__name__}"
            ids += isinstance(converter, IdConverter)
    assert ids >= 10  # the walk did reach the project's own URLs


def id_urls():
    """A URL of each pattern that takes an id, with ``{id}`` where the ids go."""
    for route, entry in url_patterns():
        converters = entry.pattern.converters if isinstance(entry, URLPattern) else {}
        if any(isinstance(c, IdConverter) for c in converters.values()):
            yield "/" + re.sub(r"<(\w+):(\w+)>", lambda m: "{id}" if m[1] == "id" else "P1", route)


ID_URLS = sorted(set(id_urls()))


def test_the_walk_found_the_id_urls():
    assert "/assessments/{id}/" in ID_URLS and "/reports/bundles/{id}/download/" in ID_URLS


# Views that take only a POST: an id in range reaches the view, which refuses a GET with 405 before it
# looks the id up; an id out of range never reaches any view.
POST_ONLY_URLS = {"/members/{id}/invite/", "/assessments/{id}/pillars/P1/confirm/"}


def test_the_post_only_urls_are_id_urls():
    assert set(ID_URLS) >= POST_ONLY_URLS


@pytest.mark.parametrize("url", ID_URLS)
@pytest.mark.parametrize("number", ["0", str(ID_MAX + 1), "99999999999999999999999", str(ID_MAX)])
def test_an_id_out_of_range_or_unknown_is_a_404(url, number, lead, national_admin, assessment):
    expected = 405 if number == str(ID_MAX) and url in POST_ONLY_URLS else 404
    for user in (lead, national_admin):
        response = client_for(user).get(url.format(id=number))
        assert response.status_code == expected, (url, number, user.username)


def test_reverse_still_builds_id_urls(assessment):
    assert reverse("assessment:assessment_overview", kwargs={"pk": assessment.pk}) == f"/assessments/{assessment.pk}/"


@pytest.mark.parametrize("number", ["99999999999999999999999", str(ID_MAX + 1), "-1", "0", "1e3", "x"])
def test_compare_with_a_centre_id_out_of_range_is_a_404(national_admin, centre, other_centre, mini_framework, number):
    client = client_for(national_admin)
    assert client.get(reverse("assessment:cohort_compare"), {"centre": [centre.pk, other_centre.pk]}).status_code == 200
    assert client.get(reverse("assessment:cohort_compare"), {"centre": [centre.pk, number]}).status_code == 404
    assert client.get(reverse("assessment:cohort_compare"), {"centre": [number, number + "1"]}).status_code == 404


def test_a_page_number_past_any_cohort_is_ignored_with_a_message(national_admin, centre, mini_framework):
    response = client_for(national_admin).get(reverse("assessment:cohort_dashboard"), {"page": "9" * 30})
    assert response.status_code == 200
    assert "部分筛选条件无效，已忽略" in response.content.decode()


def email_of_length(length: int) -> str:
    """A well-formed address of ``length`` characters: a 64-character local part, labels of at most 60."""
    domain = length - 64 - 1 - len(".com")
    labels = -(-(domain + 1) // 61)
    letters = domain - (labels - 1)
    sizes = [letters // labels + (i < letters % labels) for i in range(labels)]
    return "a" * 64 + "@" + ".".join("b" * size for size in sizes) + ".com"


@pytest.mark.parametrize("length", [255, 320])
def test_an_email_longer_than_its_column_is_refused_with_a_message(lead, length):
    email = email_of_length(length)
    assert len(email) == length
    response = client_for(lead).post(
        reverse("assessment:members"), {"full_name": "王小明", "username": "wangxm", "email": email, "role": "editor"}
    )
    assert response.status_code == 400
    assert f"最多 254 个字符（现有 {length} 个）" in response.content.decode()
    assert not get_user_model().objects.filter(username="wangxm").exists() and Membership.objects.count() == 1


def test_an_email_of_exactly_254_characters_is_accepted(lead):
    email = email_of_length(254)
    response = client_for(lead).post(
        reverse("assessment:members"), {"full_name": "王小明", "username": "wangxm", "email": email, "role": "editor"}
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="wangxm").email == email


@pytest.mark.parametrize("field, limit", [("full_name", 150), ("username", 150)])
def test_names_longer_than_their_columns_are_refused_with_a_message(lead, field, limit):
    data = {"full_name": "王小明", "username": "wangxm", "email": "wxm@example.com", "role": "editor"}
    data[field] = "x" * (limit + 1)
    response = client_for(lead).post(reverse("assessment:members"), data)
    assert response.status_code == 400
    assert f"最多 {limit} 个字符（现有 {limit + 1} 个）" in response.content.decode()
    assert Membership.objects.count() == 1

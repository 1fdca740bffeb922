"""Whatever is posted to the questionnaire, the answer is never a 500 and never a partial write."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.models import Answer
from tests.conftest import client_for

CODES = ["P1.D1.I1", "P1.D1.I2", "P1.D1.I3", "P2.D1.I1", "P9.D9.I9", "x", ""]
FIELDS = ["level", "number", "boolean", "not_applicable", "na_reason", "evidence_note", "evidence_url", "loaded", "nope"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["0", "4", "5", "-1", "1e309", "NaN", "Infinity", "12.345", "yes", "no", "on", "0:000000000000", "\x00"]),
    st.integers(-(10**20), 10**20).map(str),
    st.text(min_size=2001, max_size=2100),
)
POSTS = st.dictionaries(st.tuples(st.sampled_from(CODES), st.sampled_from(FIELDS)).map("-".join), VALUES, max_size=10)


@pytest.mark.django_db(transaction=False)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=POSTS, json=st.booleans())
def test_hostile_posts_never_500_and_never_write_partially(editor, assessment, data, json):
    client = client_for(editor)
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    before = list(Answer.objects.filter(assessment=assessment).values_list("indicator__code", "version"))
    response = client.post(f"/assessments/{assessment.pk}/pillars/P1/", data, **headers)
    assert response.status_code in (200, 302, 400, 409)
    if response.status_code == 400:
        after = list(Answer.objects.filter(assessment=assessment).values_list("indicator__code", "version"))
        assert after == before

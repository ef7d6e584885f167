import pytest

from fakeapi import FakeApi


@pytest.fixture
def fake_api():
    with FakeApi() as api:
        yield api

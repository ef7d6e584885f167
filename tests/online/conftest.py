import pytest

from fakeapi import FakeApi


@pytest.fixture
def fake_api():
    with FakeApi() as api:
        yield api


@pytest.fixture
def replay():
    from replay import Replay

    with Replay() as r:
        yield r

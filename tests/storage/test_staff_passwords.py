"""Staff passwords are hashed with production's Argon2 parameters (the rest of the suite
hashes with cheap ones, see tests/conftest.py)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, extract_parameters

from storage import staff as staff_repo
from tests.conftest import PRODUCTION_HASHER


def test_passwords_are_hashed_with_argon2id_at_the_recommended_cost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(staff_repo, "_hasher", PRODUCTION_HASHER)
    hashed = staff_repo.hash_password("correct horse battery")
    parameters = extract_parameters(hashed)
    assert hashed.startswith("$argon2id$")
    defaults = PasswordHasher()  # argon2-cffi's defaults: RFC 9106's low-memory choice
    assert (parameters.memory_cost, parameters.time_cost) == (
        defaults.memory_cost,
        defaults.time_cost,
    )
    assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2  # OWASP's floor
    assert staff_repo.verify_password(hashed, "correct horse battery")
    assert not staff_repo.verify_password(hashed, "correct horse batteries")
    assert not staff_repo.needs_rehash(hashed)
    # A hash made with weaker parameters (as the tests make) is upgraded at the next sign-in.
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("pw")
    assert staff_repo.needs_rehash(cheap)

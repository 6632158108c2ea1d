"""The environment is the locked one: every installed package is pinned, at its pinned version.

`make install` installs requirements-test.txt, whose exact pins `make lock` writes from the
ranges in pyproject.toml. A package installed by hand, or a pin edited without `make lock`,
would build a different book from the one the tests passed on; these tests say which.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from packaging.markers import Marker
from packaging.requirements import Requirement

from conftest import ROOT

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)\s*(?:;\s*(?P<marker>.+))?$")
THE_BOOK = "techstate"  # installed from this folder (`-e .`), so it has no version pin


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: str) -> dict[str, str]:
    """The exact pins of a lock file that apply to this machine: name -> version."""
    found = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match and (not match["marker"] or Marker(match["marker"]).evaluate()):
            found[_name(match["name"])] = match["version"]
    return found


def installed() -> dict[str, str]:
    return {_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}


def test_every_installed_package_is_pinned_at_its_version() -> None:
    locked, present = pins("requirements-test.txt"), installed()
    assert len(locked) > 150, "requirements-test.txt should pin the whole environment"
    unpinned = sorted(set(present) - set(locked) - {THE_BOOK})
    wrong = sorted(f"{name} {present[name]} (pinned {locked[name]})"
                   for name in set(present) & set(locked) if present[name] != locked[name])
    missing = sorted(set(locked) - set(present))
    assert not unpinned, f"installed but not pinned: {unpinned}; add it to pyproject.toml and run `make lock`"
    assert not wrong, f"installed at another version than pinned: {wrong}; run `make install`"
    assert not missing, f"pinned but not installed: {missing}; run `make install`"


def test_the_book_lock_is_the_test_lock_without_the_tools() -> None:
    """Binder and a reader's `pip install -r requirements.txt` get the versions the tests ran."""
    book, everything = pins("requirements.txt"), pins("requirements-test.txt")
    assert len(book) > 100
    differ = {name: (version, everything.get(name)) for name, version in book.items()
              if everything.get(name) != version}
    assert not differ, f"requirements.txt and requirements-test.txt disagree: {differ}; run `make lock`"
    for path in ("requirements.txt", "requirements-test.txt"):
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        loose = [line for line in lines if line.strip() and not line.startswith(("#", " ", "-e ."))
                 and not PIN.match(line.strip())]
        assert not loose, f"{path} has requirements without an exact pin: {loose}"


def test_the_pins_satisfy_the_ranges() -> None:
    """Every range in pyproject.toml admits its pin: a range edited without `make lock` fails."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    ranges = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    locked = pins("requirements-test.txt")
    outside = []
    for text in ranges:
        requirement = Requirement(text)
        if _name(requirement.name) == THE_BOOK:
            continue
        pinned = locked.get(_name(requirement.name))
        if pinned is None or not requirement.specifier.contains(pinned, prereleases=True):
            outside.append(f"{text} (pinned {pinned})")
    assert not outside, f"pins outside their ranges: {outside}; run `make lock`"


def test_known_bad_versions_are_locked_out() -> None:
    locked = pins("requirements-test.txt")
    from packaging.version import Version
    assert Version(locked["jupyterlab"]) >= Version("4.2.5"), "JupyterLab before 4.2.5 has CVE-2024-43805"
    assert Version(locked["jupyter-book"]).major == 1, "Jupyter Book 2 ignores _config.yml and _toc.yml"

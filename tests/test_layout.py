"""The layout's rules: shared code never reaches into a module, and no import hides
inside a function (a sign of an import cycle kept alive by hand)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["audit_tracker", "core", "organisations", "reviews", "internal_control"]
SHARED = ["core", "organisations"]  # what every module builds on


def modules(*packages: str):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0:
        return [node.module or ""]
    return []


def test_no_module_imports_inside_a_function():
    found = []
    for path, tree in modules(*PACKAGES):
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}")
    assert found == []


def test_the_shared_apps_import_nothing_of_a_module():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, tree in modules(*SHARED)
        for node in ast.walk(tree)
        for name in imported_names(node)
        if name.split(".")[0] not in ("core", "organisations")
        and name.split(".")[0] in {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    ]
    assert found == []


def test_reviews_import_nothing_of_internal_control():
    """Internal control builds on the follow-up (a recommendation becomes a risk), so the
    dependency runs one way: reviews reach its objects only through relations."""
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, tree in modules("reviews")
        for node in ast.walk(tree)
        for name in imported_names(node)
        if name.split(".")[0] == "internal_control"
    ]
    assert found == []


def test_importing_organisations_loads_nothing_of_reviews():
    """Django set up with the shared apps alone: every module of `organisations` imports,
    and no `reviews` module is loaded on the way."""
    script = """
import sys
import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=[
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
        "django.contrib.sessions", "django.contrib.messages", "rules", "core", "organisations",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    AUTHENTICATION_BACKENDS=[
        "django.contrib.auth.backends.ModelBackend", "rules.permissions.ObjectPermissionBackend",
    ],
)
django.setup()
import organisations.access, organisations.admin, organisations.documents, organisations.forms
import organisations.models, organisations.permissions, organisations.scope
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "reviews")
print(loaded)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

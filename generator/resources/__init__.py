"""Where winplan's own files are: the one module that knows.

The commands read files that are not Python: the site sources (site_src/: static pages, theme overrides, page
templates, assets), the base MkDocs configuration (mkdocs.yml), the example workbooks `winplan demo` harvests
(examples/workbooks/), the committed blank templates (xlsx_templates/) and the Score button's VBA source
(worksheets/vba/). In the repository they stay at the top, where the product's layout puts them. A built wheel
carries each one inside this package (pyproject.toml maps e.g. the subpackage generator.resources.site_src to the
folder site_src), so an installed winplan finds them here with importlib.resources; a source checkout (tests run as
`python -m generator`, or an editable install) has no copy here and finds them beside the package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# generator/resources/__init__.py -> the repository root, in a source checkout
CHECKOUT = Path(__file__).resolve().parent.parent.parent

# Each resource: (its place inside this package in a wheel, its place in the repository). pyproject.toml's
# [tool.setuptools] packages and package-dir map the second onto the first; tests/test_packaging.py checks both.
SITE_SOURCES = ("site_src", "site_src")
MKDOCS_BASE = ("mkdocs_base/mkdocs.yml", "mkdocs.yml")
EXAMPLE_WORKBOOKS = ("examples", "examples/workbooks")
BLANK_TEMPLATES = ("xlsx_templates", "xlsx_templates")
BUNDLED = (SITE_SOURCES, MKDOCS_BASE, EXAMPLE_WORKBOOKS, BLANK_TEMPLATES)


def locate(resource: tuple[str, str]) -> Path:
    """The installed copy of `resource` when this package carries one, else its place in the source checkout.

    A missing resource is not an error here (importing must never fail); the command that needs it says so.
    """
    bundled, checkout = resource
    installed = files(__name__).joinpath(*bundled.split("/"))
    # A wheel installs as plain files, so the copy is a real path that Jinja2 and MkDocs can read.
    if isinstance(installed, Path) and installed.exists():
        return installed
    return CHECKOUT.joinpath(*checkout.split("/"))


def site_sources() -> Path:
    """site_src/: static pages (pages/zh, pages/en), theme overrides, Jinja2 page templates and assets."""
    return locate(SITE_SOURCES)


def mkdocs_base() -> Path:
    """The base mkdocs.yml that every build's derived configuration starts from."""
    return locate(MKDOCS_BASE)


def example_workbooks() -> Path:
    """The example deal workbooks that `winplan demo` harvests."""
    return locate(EXAMPLE_WORKBOOKS)


def blank_templates() -> Path:
    """The committed blank templates (winplan-template-zh|en.xlsx|xlsm), as `winplan templates` writes them."""
    return locate(BLANK_TEMPLATES)


def vba_sources() -> Path:
    """The Score button's own VBA modules (*.bas), part of the worksheets package in every kind of install."""
    found = files("worksheets") / "vba"
    return found if isinstance(found, Path) else CHECKOUT / "worksheets" / "vba"

"""The internal sales site: `build_site(history, out, lang, config)` turns harvests into a MkDocs Material site."""

from generator.errors import SiteBuildError
from generator.site.builder import SiteReport, build_site, write_pages

__all__ = ["SiteBuildError", "SiteReport", "build_site", "write_pages"]

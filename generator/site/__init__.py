"""The internal sales site: `build_site(history, out, lang, config)` turns harvests into a MkDocs Material site."""

from generator.site.builder import SiteBuildError, SiteReport, build_site, write_pages

__all__ = ["SiteBuildError", "SiteReport", "build_site", "write_pages"]

"""The internal sales site: `build_site(history, out, lang, config)` turns harvests into a MkDocs Material site."""

from generator.core.errors import SiteBuildError
from generator.site.builder import BuildProgress, SiteReport, build_site, generated_pages, write_pages

__all__ = ["BuildProgress", "SiteBuildError", "SiteReport", "build_site", "generated_pages", "write_pages"]

"""Build the internal sales site from harvests: contexts first, then pages, then MkDocs, then publish.py swaps it in.

Nothing is written but the site: the generated pages stay in memory (render.GeneratedPages) and reach MkDocs
through the winplan plugin (plugin.py) as generated files; the configuration is loaded, not written
(mkdocs_config.py); the static pages are read where they are (site_src/pages/<lang>), and the assets
(winplan.css, winplan.js; charts are inline SVG in the pages, see charts.py), the blank templates and the
xlwings Lite wheel (downloads/) are handed to MkDocs as generated files.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from generator.core.config import Config
from generator.core.errors import SiteBuildError, WinplanError
from generator.core.i18n import Language
from generator.core.paths import shown_result
from generator.core.records import HarvestResult
from generator.core.scorecard import QUADRANT_LABELS
from generator.core.vocabulary import STAGES, STATUS
from generator.resources import blank_templates
from generator.site.context.account import build_account, past_records
from generator.site.context.changes import build_changes
from generator.site.context.common import build_index
from generator.site.context.groups import account_groups
from generator.site.context.overview import build_overview
from generator.site.context.quality import build_quality
from generator.site.context.rep import build_reps
from generator.site.context.segments import group_rollups, segment_rollup, upgrades
from generator.site.formatting import month_key, quarter_key
from generator.site.mkdocs_config import site_config
from generator.site.publish import PublishError, clear_leftovers, inspect_target, staging_for
from generator.site.render import SITE_SRC, GeneratedPages, Progress, environment, render_page
from generator.site.search_entries import account_entries

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteReport:
    """What a build produced."""

    out: Path
    pages: int  # generated pages handed to MkDocs
    accounts: int
    reps: int
    seconds: float
    bytes: int  # total size of the built site
    notes: tuple[str, ...] = ()  # what publishing did besides replacing the site (leftovers, files kept)

    @property
    def index_html(self) -> Path:
        return self.out / "index.html"


def write_pages(history: list[HarvestResult], docs: GeneratedPages, lang: Language, config: Config
                ) -> tuple[int, int, int]:
    """Compute every page's context and ask `docs` for every page and asset; return (pages, accounts, reps).

    The one place the site's pages are listed: one `render_page` call (or loop) per page.
    """
    if not history:
        raise WinplanError("no harvest to build the site from: run `winplan harvest` first")
    history = [shown_result(result) for result in history]  # file names that are not UTF-8, printable
    current = history[0]
    # Phase one: contexts.
    index = build_index(current, lang, config)
    changes = build_changes(index, history, lang)
    past = past_records(history)
    overview = build_overview(index, changes, lang, config,
                              workbooks_read=len(current.workbooks),
                              problem_count=sum(len(w.problems) for w in current.workbooks))
    accounts = [build_account(view, past.get(view.deal_id, []), index, lang) for view in index.deals]
    reps, rep_rows = build_reps(index, lang)
    quality = build_quality(current, index)
    # Phase two: pages.
    env = environment(lang)
    title = config.site_title
    groups = account_groups(index, lang)
    render_page(env, "overview.md.j2", docs, "index.md", o=overview, site_title=title,
                segments=segment_rollup(index, lang), upgrades=upgrades(index),
                group_rollups=group_rollups(index, groups))
    for full_list in ("changes", "risks", "stale", "overdue"):  # the overview's lists whole, one page each
        render_page(env, f"{full_list}.md.j2", docs, f"{full_list}.md", o=overview)
    # The filters offer only what some account has, so no choice ever shows an empty table.
    statuses = {view.status for view in index.deals}
    stages = {view.deal.stage for view in index.deals}
    quadrants = {view.record.scorecard.quadrant for view in index.deals}
    render_page(
        env, "accounts.md.j2", docs, "accounts.md", views=index.deals,
        statuses=[(code, STATUS.label(code, lang)) for code in STATUS.codes if code in statuses],
        stages=[(stage.code, f"{stage.number} · {stage.label(lang)}") for stage in STAGES if stage.code in stages],
        reps=[(index.rep_slugs[rep], rep) for rep in sorted(index.rep_slugs, key=str.casefold)],
        quadrants=[(code, label(lang)) for code, label in QUADRANT_LABELS.items() if code in quadrants],
        groups=groups,
        close_keys=[
            f"{month_key(v.close_date)} {quarter_key(v.close_date).replace(' ', '-')}" if v.close_date else ""
            for v in index.deals
        ],
    )
    render_page(env, "reps.md.j2", docs, "reps.md", rows=rep_rows)
    render_page(env, "quality.md.j2", docs, "quality.md", q=quality, as_of=current.snapshot.as_of)
    for account in accounts:
        render_page(env, "account.md.j2", docs, f"accounts/{account.view.slug}.md", a=account)
    docs.search_entries.extend(entry for account in accounts for entry in account_entries(account, lang))
    for rep in reps:
        render_page(env, "rep.md.j2", docs, f"reps/{rep.slug}.md", r=rep)
    for asset in sorted((SITE_SRC / "assets").iterdir()):
        docs.assets[f"assets/{asset.name}"] = asset
    add_downloads(docs)
    return len(docs), len(accounts), len(reps)


DOWNLOADS = "downloads"  # the blank templates and the Score button's xlwings Lite wheel, where reps already go


def add_downloads(docs: GeneratedPages) -> None:
    """Put the current blank templates and the lite wheel on the site (Excel on the web installs it from here)."""
    from generator.workbook.lite_wheel import lite_wheel_bytes, wheel_name

    for template in sorted(blank_templates().glob("winplan-template-*.xls[xm]")):
        docs.assets[f"{DOWNLOADS}/{template.name}"] = template
    docs.assets[f"{DOWNLOADS}/{wheel_name()}"] = lite_wheel_bytes()


def generated_pages(history: list[HarvestResult], lang: Language, config: Config,
                    progress: Progress | None = None) -> GeneratedPages:
    """Every generated page of the site of `history`, rendered (in memory)."""
    docs = GeneratedPages()
    write_pages(history, docs, lang, config)
    docs.render(progress)
    return docs


def quiet_jieba() -> None:
    """Silence jieba's dictionary-loading chatter (it sets its logger to DEBUG when imported)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def run_mkdocs(pages: GeneratedPages, site_dir: Path, lang: Language, site_title: str, *, strict: bool,
               progress: Progress | None = None) -> None:
    """Build with MkDocs itself, as `mkdocs build [--strict]` would, with the winplan plugin handing it `pages`."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.site.plugin import WinplanPlugin

    quiet_jieba()
    try:
        build(site_config(site_dir, lang, site_title, WinplanPlugin(pages, progress), strict=strict))
    except (Abort, ConfigurationError) as error:
        raise SiteBuildError(f"MkDocs could not build the site: {error}") from error


class BuildProgress:
    """Where a build reports its progress: Jinja pages rendered, then MkDocs pages written (done, total)."""

    def __init__(self, rendered: Progress | None = None, written: Progress | None = None) -> None:
        self.rendered = rendered
        self.written = written


def build_site(history: list[HarvestResult], out: Path, lang: Language, config: Config, *, strict: bool = False,
               progress: BuildProgress | None = None) -> SiteReport:
    """Build the site for `history` (newest harvest first) and publish it at `out`.

    The site is built beside `out` and swapped in whole (see publish.py): `out` is refused unless it is absent,
    empty or a winplan site, and no file winplan did not write is ever deleted.
    """
    started = time.perf_counter()
    progress = progress or BuildProgress()
    notes = clear_leftovers(out)
    target = inspect_target(out)
    with staging_for(target) as staging:
        try:
            pages = GeneratedPages()
            _count, accounts, reps = write_pages(history, pages, lang, config)
            pages.render(progress.rendered)
            run_mkdocs(pages, staging.site, lang, config.site_title, strict=strict, progress=progress.written)
        except OSError as error:  # a full disk, a quota: the published site is not touched before the swap
            where = error.filename2 or error.filename
            raise PublishError(f"Cannot write the new site for {out}: {error.strerror or error}"
                               f"{f' ({where})' if where else ''}. The published site is unchanged.") from error
        _files, size = staging.publish()
    notes.extend(staging.notes)
    return SiteReport(out, len(pages), accounts, reps, time.perf_counter() - started, size,
                      tuple(dict.fromkeys(notes)))

"""Build the internal sales site from harvests: contexts first, then pages, then MkDocs, then publish.py swaps it in.

Layout of a build folder (`work_dir`; `work/` in the staging folder beside the target unless given):
    mkdocs.yml   the derived configuration (see mkdocs_config.py)
    docs/        generated pages: index.md, accounts.md, reps.md, quality.md, accounts/<slug>.md,
                 reps/<slug>.md, the static pages of the site language, and assets/ (winplan.css, winplan.js;
                 charts are inline SVG in the pages, see charts.py)
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from generator.config import Config
from generator.errors import SiteBuildError, WinplanError
from generator.i18n import Language
from generator.paths import shown_result
from generator.records import HarvestResult
from generator.scorecard import QUADRANT_LABELS
from generator.site.context.account import build_account, past_records
from generator.site.context.groups import account_groups
from generator.site.context.segments import segment_rollup
from generator.site.context.changes import build_changes
from generator.site.context.common import build_index
from generator.site.context.overview import build_overview
from generator.site.context.quality import build_quality
from generator.site.context.rep import build_reps
from generator.site.formatting import month_key, quarter_key
from generator.site.mkdocs_config import derived_config, write_config
from generator.site.publish import PublishError, clear_leftovers, inspect_target, staging_for
from generator.resources import blank_templates
from generator.site.render import SITE_SRC, blocks_folder, environment, render_page
from generator.site.search_entries import account_entry, write_entries
from generator.vocabulary import STAGES, STATUS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteReport:
    """What a build produced."""

    out: Path
    pages: int  # Markdown pages handed to MkDocs
    accounts: int
    reps: int
    seconds: float
    bytes: int  # total size of the built site
    notes: tuple[str, ...] = ()  # what publishing did besides replacing the site (leftovers, files kept)

    @property
    def index_html(self) -> Path:
        return self.out / "index.html"


def search_entries_file(docs: Path) -> Path:
    """Where the account pages' search entries wait for the search hook: beside the docs folder."""
    return docs.parent / f"{docs.name}-search-entries.json"


def static_pages(lang: Language) -> list[str]:
    """File names of the hand-written pages of `lang` in site_src/pages."""
    return sorted(page.name for page in (SITE_SRC / "pages" / lang).glob("*.md"))


def write_pages(history: list[HarvestResult], docs: Path, lang: Language, config: Config) -> tuple[int, int, int]:
    """Compute every page's context, then render them all as Markdown into `docs`; return (pages, accounts, reps)."""
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
    render_page(env, "overview.md.j2", docs, "index.md", o=overview, site_title=title,
                segments=segment_rollup(index, lang))
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
        groups=account_groups(index, lang),
        close_keys=[
            f"{month_key(v.close_date)} {quarter_key(v.close_date).replace(' ', '-')}" if v.close_date else ""
            for v in index.deals
        ],
    )
    render_page(env, "reps.md.j2", docs, "reps.md", rows=rep_rows)
    render_page(env, "quality.md.j2", docs, "quality.md", q=quality, as_of=current.snapshot.as_of)
    for account in accounts:
        render_page(env, "account.md.j2", docs, f"accounts/{account.view.slug}.md", a=account)
    write_entries(search_entries_file(docs), [account_entry(account) for account in accounts])
    for rep in reps:
        render_page(env, "rep.md.j2", docs, f"reps/{rep.slug}.md", r=rep)
    for static in sorted((SITE_SRC / "pages" / lang).glob("*.md")):
        shutil.copyfile(static, docs / static.name)
    assets = docs / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for asset in sorted((SITE_SRC / "assets").iterdir()):
        shutil.copyfile(asset, assets / asset.name)
    write_downloads(docs / DOWNLOADS)
    return 8 + len(accounts) + len(reps), len(accounts), len(reps)


DOWNLOADS = "downloads"  # the blank templates and the Score button's xlwings Lite wheel, where reps already go


def write_downloads(folder: Path) -> None:
    """Put the current blank templates and the lite wheel on the site (Excel on the web installs it from here)."""
    from generator.lite_wheel import write_lite_wheel

    folder.mkdir(parents=True, exist_ok=True)
    for template in sorted(blank_templates().glob("winplan-template-*.xls[xm]")):
        shutil.copyfile(template, folder / template.name)
    write_lite_wheel(folder)


def quiet_jieba() -> None:
    """Silence jieba's dictionary-loading chatter (it sets its logger to DEBUG when imported)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def run_mkdocs(config_file: Path, *, strict: bool) -> None:
    """Build with MkDocs itself, as `mkdocs build [--strict]` would."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    quiet_jieba()
    try:
        build(load_config(config_file=str(config_file), strict=strict))
    except (Abort, ConfigurationError) as error:
        raise SiteBuildError(f"MkDocs could not build the site: {error}") from error


def build_site(history: list[HarvestResult], out: Path, lang: Language, config: Config, *, strict: bool = False,
               work_dir: Path | None = None) -> SiteReport:
    """Build the site for `history` (newest harvest first) and publish it at `out`; keep the build in `work_dir`.

    The site is built beside `out` and swapped in whole (see publish.py): `out` is refused unless it is absent,
    empty or a winplan site, and no file winplan did not write is ever deleted.
    """
    started = time.perf_counter()
    notes = clear_leftovers(out)
    target = inspect_target(out)
    with staging_for(target) as staging:
        folder = Path(work_dir) if work_dir is not None else staging.work
        docs = folder / "docs"
        try:
            for stale in (docs, blocks_folder(docs)):
                if stale.exists():
                    shutil.rmtree(stale)
            docs.mkdir(parents=True)
            pages, accounts, reps = write_pages(history, docs, lang, config)
            config_file = write_config(folder / "mkdocs.yml", derived_config(
                docs, staging.site, lang, config.site_title, static_pages(lang), search_entries_file(docs),
                blocks_folder(docs)))
            run_mkdocs(config_file, strict=strict)
        except OSError as error:  # a full disk, a quota: the published site is not touched before the swap
            where = error.filename2 or error.filename
            raise PublishError(f"Cannot write the new site for {out}: {error.strerror or error}"
                               f"{f' ({where})' if where else ''}. The published site is unchanged.") from error
        _files, size = staging.publish()
    notes.extend(staging.notes)
    return SiteReport(out, pages, accounts, reps, time.perf_counter() - started, size, tuple(dict.fromkeys(notes)))

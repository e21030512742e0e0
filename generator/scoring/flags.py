"""Risk flags: a stable code, a level and a sentence in both languages that names the specifics.

`FLAG_KINDS` is the registry of every code the engine can raise, in the order flags are listed; the site and
the docs list it. Which deals get which flags:
- flags about pursuing the deal (people, competition, actions, dates, assessment, staleness) fire for open
  deals only: once a deal is won, lost or on hold they describe history, not risk;
- `scope-mismatch` is about the figures themselves and fires whatever the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.core.config import Config
from generator.core.i18n import Bilingual, Language
from generator.core.model import Deal, Stakeholder
from generator.core.scorecard import Flag, FlagLevel
from generator.core.vocabulary import STAGE_BY_CODE
from generator.scoring.actions import ActionPlan
from generator.scoring.assessment import Assessment
from generator.scoring.competition import CompetitivePosition
from generator.scoring.forecast import is_open
from generator.scoring.scope import scope_differs, scope_total
from generator.scoring.stakeholders import support_of, with_role
from generator.scoring.timeline import contact_age, slipped_steps, stale_contacts

Value = str | int | float | Bilingual


@dataclass(frozen=True)
class FlagKind:
    """One kind of risk flag: its code, level, what triggers it and the sentence templates it speaks."""

    code: str
    level: FlagLevel
    rule: Bilingual  # when it fires, for listings
    template: Bilingual  # str.format template; placeholders are filled per language
    variants: tuple[tuple[str, Bilingual], ...] = ()  # alternative sentences, by name

    def say(self, variant: str | None = None, **values: Value) -> Flag:
        """Return a flag of this kind with the template (or `variant`) filled in each language."""
        template = dict(self.variants)[variant] if variant else self.template

        def fill(lang: Language) -> str:
            resolved = {k: (v(lang) if isinstance(v, Bilingual) else v) for k, v in values.items()}
            return template(lang).format(**resolved)

        return Flag(self.code, self.level, Bilingual(fill("zh"), fill("en")))


B = Bilingual
FLAG_KINDS: tuple[FlagKind, ...] = (
    FlagKind(
        "no-economic-buyer", "high",
        B("客户项目小组中没有角色为 EB 决策者的人", "Nobody in the stakeholder table has the role EB economic buyer"),
        B("尚未确定经济决策者（EB）", "No economic buyer (EB) is named"),
    ),
    FlagKind(
        "economic-buyer-not-supportive", "high",
        B("经济决策者的支持度低于 +1 或未知", "An economic buyer's support is below +1 or unknown"),
        B("经济决策者{name}不支持我们（支持度{support}）",
          "The economic buyer {name} is not supportive (support {support})"),
    ),
    FlagKind(
        "no-coach", "medium",
        B("没有支持度 ≥ +2 的教练/内线", "Nobody with role coach has support of +2 or more"),
        B("没有支持度≥+{minimum}的教练/内线", "No coach with support of +{minimum} or more"),
    ),
    FlagKind(
        "high-influence-opposition", "high",
        B("高影响力的人支持度 ≤ −2（每人一条）",
          "A stakeholder of high influence has support of −2 or less (one per person)"),
        B("高影响力的{name}反对我们（支持度{support}）", "{name}, of high influence, opposes us (support {support})"),
    ),
    FlagKind(
        "trailing-on-heavy-criterion", "medium",
        B("权重 ≥ 10% 的评审标准上落后最强对手 ≥ 1 分（每项一条）",
          "We trail the best competitor by 1 point or more on a criterion of weight 10% or more (one per criterion)"),
        B("在{criterion}上落后于{competitor}（权重{weight}%）",
          "We trail {competitor} on {criterion}, weight {weight}%"),
    ),
    FlagKind(
        "actions-overdue", "medium",
        B("有未完成且已过计划完成日期的行动", "Actions not done and due before the as-of date"),
        B("{count}项行动已逾期，最早应于{due}完成", "{count} overdue {noun}, the oldest due {due}"),
    ),
    FlagKind(
        "close-date-passed", "high",
        B("跟进中的项目预计签约日期已过", "An open deal's expected close date is before the as-of date"),
        B("预计签约日期{close}已过", "The expected close date {close} has passed"),
    ),
    FlagKind(
        "assessment-incomplete-late-stage", "medium",
        B("已到资格确认或之后阶段，但机会评估未全部填写",
          "Stage shortlisted (资格确认) or later, but the opportunity assessment is not complete"),
        B("已到{stage}阶段，但机会评估只填写了{answered}/{questions}项",
          "At stage {stage} but only {answered} of {questions} assessment questions are answered"),
    ),
    FlagKind(
        "stale", "medium",
        B("最后更新日期早于评分日期 30 天以上，或未填写",
          "Last updated more than 30 days before the as-of date, or not filled in"),
        B("已{days}天未更新（最后更新{updated}）", "No update for {days} days (last updated {updated})"),
        (("no_date", B("未填写最后更新日期", "The last-updated date is not filled in")),),
    ),
    FlagKind(
        "scope-mismatch", "low",
        B("范围拆分合计与预计金额相差超过 1%", "The scope split differs from the amount by more than 1%"),
        B("范围拆分合计{total}与预计金额{amount}不符", "The scope split adds up to {total}, not the amount {amount}"),
    ),
    FlagKind(
        "stakeholders-unknown-support", "low",
        B("有人员的支持度未填写", "Some stakeholders' support is not filled in"),
        B("{count}位人员的支持度未知：{names}", "Support unknown for {count} {noun}: {names}"),
    ),
    FlagKind(
        "procurement-step-slipped", "medium",
        B("客户采购步骤已过计划日期仍无实际日期, 且之后的步骤也没有实际日期",
          "A customer buying step is past its planned date with no actual date, and no later step has one"),
        B("客户采购步骤「{step}」计划于{planned}完成，尚无实际日期",
          "The customer step “{step}” was planned for {planned} and has no actual date"),
        (("several", B("{count}个客户采购步骤已过计划日期仍无实际日期，最早为「{step}」（{planned}）",
                       "{count} customer steps are past their planned dates with no actual date, the first "
                       "“{step}” ({planned})")),),
    ),
    FlagKind(
        "key-contact-stale", "medium",
        B("决策者或教练的最近接触日期早于评分日期 30 天以上（每人一条）",
          "An economic buyer or coach last contacted more than 30 days before the as-of date (one per person)"),
        B("已{days}天未接触{role}{name}（最近接触{contact}）",
          "No contact with {role} {name} for {days} days (last contact {contact})"),
    ),
)
FLAG_KIND: dict[str, FlagKind] = {kind.code: kind for kind in FLAG_KINDS}
FLAG_CODES: tuple[str, ...] = tuple(kind.code for kind in FLAG_KINDS)
UNKNOWN = B("未知", "unknown")
KEY_CONTACT_NAMES: dict[str, Bilingual] = {"economic_buyer": B("决策者", "economic buyer"), "coach": B("教练", "coach")}
MAX_NAMES = 5  # names listed in one sentence before "…"


def risk_flags(deal: Deal, as_of: date, config: Config, assessment: Assessment,
               position: CompetitivePosition, plan: ActionPlan) -> tuple[Flag, ...]:
    """Return the deal's risk flags in registry order (within one code, in table order)."""
    flags: list[Flag] = []
    if is_open(deal):
        flags += _people(deal, config)
        flags += [_gap_flag(g.criterion, g.weight, g.rival.label) for g in position.gaps]
        flags += _overdue(plan)
        flags += _close_date(deal, as_of)
        flags += _incomplete(deal, config, assessment)
        flags += _stale(deal, as_of, config)
        flags += _slipped(deal, as_of)
        flags += _key_contacts(deal, as_of, config)
    flags += _scope(deal, config)
    order = {code: n for n, code in enumerate(FLAG_CODES)}
    return tuple(sorted(flags, key=lambda f: order[f.code]))  # stable: table order kept within a code


def _signed(value: float | None) -> Value:
    if value is None:
        return UNKNOWN
    return f"{value:+.0f}" if value else "0"


def _name(person: Stakeholder) -> str:
    return person.name.strip() or "?"


def _people(deal: Deal, config: Config) -> list[Flag]:
    limits = config.thresholds
    flags: list[Flag] = []
    buyers = with_role(deal, "economic_buyer")
    if not buyers:
        flags.append(FLAG_KIND["no-economic-buyer"].say())
    for buyer in buyers:
        level = support_of(buyer)
        if level is None or level < limits.eb_min_support:
            flags.append(FLAG_KIND["economic-buyer-not-supportive"].say(name=_name(buyer), support=_signed(level)))
    coaches = [p for p in with_role(deal, "coach")
               if (backing := support_of(p)) is not None and backing >= limits.coach_min_support]
    if not coaches:
        flags.append(FLAG_KIND["no-coach"].say(minimum=limits.coach_min_support))
    for person in deal.stakeholders:
        level = support_of(person)
        if person.influence == "high" and level is not None and level <= limits.opposition_max_support:
            flags.append(FLAG_KIND["high-influence-opposition"].say(name=_name(person), support=_signed(level)))
    unknown = [_name(p) for p in deal.stakeholders if support_of(p) is None]
    if unknown:
        names = "、".join(unknown[:MAX_NAMES]) + ("…" if len(unknown) > MAX_NAMES else "")
        names_en = ", ".join(unknown[:MAX_NAMES]) + ("…" if len(unknown) > MAX_NAMES else "")
        flags.append(FLAG_KIND["stakeholders-unknown-support"].say(
            count=len(unknown), noun="person" if len(unknown) == 1 else "people", names=B(names, names_en)))
    return flags


def _gap_flag(criterion: str, weight: float, competitor: Bilingual) -> Flag:
    return FLAG_KIND["trailing-on-heavy-criterion"].say(
        criterion=criterion, competitor=competitor, weight=_number(weight))


def _overdue(plan: ActionPlan) -> list[Flag]:
    if not plan.overdue:
        return []
    oldest = min(a.due_date for a in plan.overdue if a.due_date is not None)
    count = len(plan.overdue)
    return [FLAG_KIND["actions-overdue"].say(
        count=count, noun="action" if count == 1 else "actions", due=oldest.isoformat())]


def _close_date(deal: Deal, as_of: date) -> list[Flag]:
    if deal.close_date is None or deal.close_date >= as_of:
        return []
    return [FLAG_KIND["close-date-passed"].say(close=deal.close_date.isoformat())]


def _incomplete(deal: Deal, config: Config, assessment: Assessment) -> list[Flag]:
    stage = STAGE_BY_CODE.get(deal.stage or "")
    if stage is None or stage.number < config.thresholds.full_assessment_stage:
        return []
    if assessment.answered >= assessment.questions:
        return []
    return [FLAG_KIND["assessment-incomplete-late-stage"].say(
        stage=stage.label, answered=assessment.answered, questions=assessment.questions)]


def _stale(deal: Deal, as_of: date, config: Config) -> list[Flag]:
    if deal.last_updated is None:
        return [FLAG_KIND["stale"].say("no_date")]
    days = (as_of - deal.last_updated).days
    if days <= config.thresholds.stale_days:
        return []
    return [FLAG_KIND["stale"].say(days=days, updated=deal.last_updated.isoformat())]


def _slipped(deal: Deal, as_of: date) -> list[Flag]:
    slipped = slipped_steps(deal, as_of)
    if not slipped:
        return []
    first = slipped[0]
    step, planned = first.step.strip() or "?", first.planned_date.isoformat() if first.planned_date else ""
    if len(slipped) == 1:
        return [FLAG_KIND["procurement-step-slipped"].say(step=step, planned=planned)]
    return [FLAG_KIND["procurement-step-slipped"].say("several", count=len(slipped), step=step, planned=planned)]


def _key_contacts(deal: Deal, as_of: date, config: Config) -> list[Flag]:
    flags: list[Flag] = []
    for person in stale_contacts(deal, as_of, config.thresholds.contact_stale_days):
        age = contact_age(person, as_of)
        if age is not None and person.last_contact is not None:
            flags.append(FLAG_KIND["key-contact-stale"].say(
                days=age, role=KEY_CONTACT_NAMES[person.role or ""], name=_name(person),
                contact=person.last_contact.isoformat()))
    return flags


def _scope(deal: Deal, config: Config) -> list[Flag]:
    if deal.amount is None or not scope_differs(deal.scope, deal.amount, config.thresholds.scope_tolerance):
        return []
    return [FLAG_KIND["scope-mismatch"].say(total=_number(float(scope_total(deal.scope) or 0)),
                                            amount=_number(deal.amount))]


def _number(value: float) -> str:
    """Format an amount or percentage the way a manager reads it: 15, 12.5, 1,200,000."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")

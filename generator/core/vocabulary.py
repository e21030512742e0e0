"""Enumerated inputs: every drop-down list of the workbook, as canonical codes with labels in both languages.

A workbook stores the label of its own language; the reader (`generator.reader.conversions.to_code`) maps a
label of either language (or the code itself) back to the canonical code, so a Chinese and an English workbook
of the same deal read alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.i18n import Bilingual, Language


@dataclass(frozen=True)
class Choice:
    """One entry of a drop-down list."""

    code: str
    label: Bilingual


@dataclass(frozen=True)
class Vocabulary:
    """A named drop-down list."""

    name: str
    title: Bilingual
    choices: tuple[Choice, ...]

    def labels(self, lang: Language) -> list[str]:
        """The labels a template of `lang` offers in its drop-down."""
        return [choice.label(lang) for choice in self.choices]

    def label(self, code: str, lang: Language) -> str:
        """The label of `code` in `lang`; raises KeyError for an unknown code."""
        for choice in self.choices:
            if choice.code == code:
                return choice.label(lang)
        raise KeyError(f"{code!r} is not in the {self.name} list")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(choice.code for choice in self.choices)


def _vocabulary(name: str, zh: str, en: str, *choices: tuple[str, str, str]) -> Vocabulary:
    return Vocabulary(name, Bilingual(zh, en), tuple(Choice(code, Bilingual(z, e)) for code, z, e in choices))


@dataclass(frozen=True)
class Stage:
    """A step of the sales process (seed 001, 天龙八部) and its default win probability."""

    number: int
    code: str
    label: Bilingual
    probability: float


STAGES: tuple[Stage, ...] = (
    Stage(1, "qualified", Bilingual("项目立项", "Qualified"), 0.10),
    Stage(2, "assessed", Bilingual("项目评估", "Assessed"), 0.20),
    Stage(3, "engaged", Bilingual("深度接触", "Engaged"), 0.30),
    Stage(4, "technical_exchange", Bilingual("技术交流", "Technical exchange"), 0.40),
    Stage(5, "shortlisted", Bilingual("资格确认", "Shortlisted"), 0.60),
    Stage(6, "negotiation", Bilingual("商务公关", "Business negotiation"), 0.75),
    Stage(7, "tender", Bilingual("招投标", "Tender / bid"), 0.90),
    Stage(8, "contract_signed", Bilingual("合同签订", "Contract signed"), 1.00),
)
STAGE_BY_CODE: dict[str, Stage] = {stage.code: stage for stage in STAGES}

STAGE = _vocabulary(
    "stage", "阶段", "Stage", *((s.code, s.label.zh, s.label.en) for s in STAGES)
)
STATUS = _vocabulary(
    "status", "状态", "Status",
    ("open", "跟进中", "Open"),
    ("won", "赢单", "Won"),
    ("lost", "丢单", "Lost"),
    ("on_hold", "暂停", "On hold"),
)
SEGMENT = _vocabulary(
    "segment", "客户细分", "Account segment",
    ("A", "A", "A"), ("B", "B", "B"), ("C", "C", "C"), ("D", "D", "D"),
)
YES_NO = _vocabulary("yes_no", "是否", "Yes/No", ("yes", "是", "Yes"), ("no", "否", "No"))
CURRENCY = _vocabulary(
    "currency", "币种", "Currency",
    ("CNY", "CNY", "CNY"), ("USD", "USD", "USD"), ("EUR", "EUR", "EUR"), ("HKD", "HKD", "HKD"),
    ("JPY", "JPY", "JPY"), ("GBP", "GBP", "GBP"),
)
ROLE = _vocabulary(
    "role", "角色", "Role",
    ("economic_buyer", "EB 决策者", "EB Economic buyer"),
    ("technical_buyer", "TB 技术把关者", "TB Technical buyer"),
    ("user", "U 使用者", "U User"),
    ("coordinator", "Cor 协调人", "Cor Coordinator"),
    ("coach", "Coa 教练/内线", "Coa Coach"),
    ("influencer", "Inf 潜在影响者", "Inf Influencer"),
)
INFLUENCE = _vocabulary(
    "influence", "影响力", "Influence",
    ("high", "高", "High"), ("medium", "中", "Medium"), ("low", "低", "Low"),
)
ACTION_STATUS = _vocabulary(
    "action_status", "行动状态", "Action status",
    ("not_started", "未开始", "Not started"),
    ("in_progress", "进行中", "In progress"),
    ("done", "完成", "Done"),
    ("blocked", "受阻", "Blocked"),
)
STRATEGY = _vocabulary(
    "strategy", "竞争策略", "Strategy",
    ("defend", "防御战", "Defend"),
    ("frontal", "正面攻击", "Frontal attack"),
    ("flank", "侧翼攻击", "Flank attack"),
    ("guerrilla", "游击战", "Guerrilla"),
)

# Seed 000 客户初步解决方案及独特性分析: where a uniqueness comes from.
UNIQUENESS_AREA = _vocabulary(
    "uniqueness_area", "独特性类别", "Uniqueness area",
    ("product", "产品", "Product"),
    ("service", "服务", "Service"),
    ("partner", "伙伴", "Partner"),
)

# Seed 001 影响大客户购买决策的因素: how one factor stands for this deal.
FACTOR_STANDING = _vocabulary(
    "factor_standing", "对我方影响", "Stands for us",
    ("favourable", "有利", "Favourable"),
    ("neutral", "中性", "Neutral"),
    ("unfavourable", "不利", "Unfavourable"),
)

VOCABULARIES: dict[str, Vocabulary] = {  # new lists go last: each takes the next column of the Lists sheet
    v.name: v for v in (STAGE, STATUS, SEGMENT, YES_NO, CURRENCY, ROLE, INFLUENCE, ACTION_STATUS, STRATEGY,
                        UNIQUENESS_AREA, FACTOR_STANDING)
}

# Short role abbreviations as the seeds write them (EB, TB, U, Cor, Coa, Inf) also count as that role.
ROLE_ABBREVIATIONS: dict[str, str] = {
    "eb": "economic_buyer", "tb": "technical_buyer", "u": "user",
    "cor": "coordinator", "coa": "coach", "inf": "influencer",
}

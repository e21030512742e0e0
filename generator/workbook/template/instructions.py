"""The text of the 使用说明 / Instructions sheet and each sheet's one-line introduction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.core import spec
from generator.core.i18n import Bilingual as B
from generator.core.i18n import Language
from generator.core.vocabulary import ROLE, STAGES

LineKind = Literal["title", "heading", "text", "pair", "legend", "blank"]


@dataclass(frozen=True)
class Line:
    """One row of the instructions sheet: a title, heading, text, a two-column pair, or a colour sample."""

    kind: LineKind
    left: str = ""
    right: str = ""
    style: str = ""  # for legend lines: the styles.py role the sample cell shows


SHEET_PURPOSES: dict[str, B] = {
    "deal_sheet": B("一页纸总览: 关键信息、评分、结论、风险提示和下一步, 全部由公式从其他页取得, "
                    "点击「评分 Score」后更新; 可打印在一张 A4 纸上。",
                    "The deal on one page: key facts, scores, verdict, risk flags and next step, all formulas over "
                    "the other sheets, updated when you click Score; prints on one A4 page."),
    "instructions": B("本页: 如何填写本工作簿。", "This page: how to fill in this workbook."),
    "summary": B("项目的基本情况: 客户、产品线、客户细分与升级目标、金额、时间、阶段、竞争对手与客户需求; "
                 "下方是客户采购时间表。",
                 "The deal's facts: customer, product line, segment and the segment we aim for, amount, dates, "
                 "stage, competitors and needs; below it the customer's procurement timeline."),
    "stakeholders": B("客户项目小组每一位成员: 角色、影响力、对我们的支持度和需求。",
                      "Everyone in the customer's buying team: role, influence, support for us and needs."),
    "relationships": B("客户决策者关系策略: 每位关键人物的目标支持度、关系策略、负责人和下一步 (可选)。",
                       "Relationship strategy: per key person the target support, the strategy, owner and next "
                       "step (optional)."),
    "trust": B("赢得客户高层信任的十三个要素及其重要性; 为我方在每个要素上的表现打分 (1-5, 可选)。",
               "The thirteen factors that win an executive's trust and their importance; rate how we stand on "
               "each (1-5, optional)."),
    "uniqueness": B("方案在产品、服务、伙伴上的独特性 → 客户需求 → 客户利益 → 影响对象 → 计划行动 (可选)。",
                    "What is unique in our product, service or partners → the customer need → the benefit → "
                    "whom to influence → the planned action (optional)."),
    "decision": B("影响大客户购买决策的九个因素: 每个因素在本项目中对我方有利、中性还是不利, 并写明原因 (可选)。",
                  "The nine factors that drive a large customer's decision: whether each works for us, is "
                  "neutral or against us in this deal, and why (optional)."),
    "software": B("软件实力分析: 按综合实力、产品与技术、行业优劣、方案提供、项目实施服务, "
                  "比较我方与竞争对手1、2 (1-5) 并写下结论 (可选)。",
                  "Software strength: overall strength, product and technology, industry fit, solution and "
                  "implementation service, us against competitors 1 and 2 (1-5), with a conclusion (optional)."),
    "criteria": B("客户的评审标准及权重, 以及客户眼中我方与竞争对手的评分 (1-5)。",
                  "The customer's evaluation criteria and weights, and how the customer rates us and each "
                  "competitor (1-5)."),
    "swot": B("优势/机会是蓝旗, 劣势/威胁是红旗; 在上方选择竞争策略并写下 SO/WO/ST/WT 行动。",
              "Strengths/opportunities are blue flags, weaknesses/threats red flags; choose the strategy "
              "and write SO/WO/ST/WT actions at the top."),
    "assessment": B("十四个问题回答: 值得赢吗? 我们能否去竞争? 我们能否赢? 每题 1-5 分, 5 分对我们最有利。",
                    "Fourteen statements: worth winning? can we compete? can we win? Rate each 1-5; 5 is "
                    "best for us."),
    "actions": B("行动计划: 目标、针对对象、负责人、计划日期和状态。逾期的行动会被标出。",
                 "The action plan: objective, target stakeholder, owner, due date and status. Overdue "
                 "actions are flagged."),
    "scores": B("评分结果: 由「评分 Score」按钮或汇总程序填写, 请勿手工修改。",
                "The scores: written by the Score button or the harvest; do not edit by hand."),
    "lists": B("下拉列表的来源和阶段赢单概率表, 请勿修改。",
               "The sources of the drop-downs and the stage probability table; do not edit."),
}

ROLE_DESCRIPTIONS: dict[str, B] = {
    "economic_buyer": B("最终拍板、批准预算的人", "Makes the final decision and approves the budget"),
    "technical_buyer": B("把关技术方案, 能否决但不能拍板", "Screens the solution; can say no, cannot say yes"),
    "user": B("将来使用系统的部门代表", "Represents the departments that will use the system"),
    "coordinator": B("客户方项目经理, 组织评估过程", "The customer's project manager, runs the evaluation"),
    "coach": B("我们的内线, 希望我们赢并给我们指导", "Our insider: wants us to win and guides us"),
    "influencer": B("不在项目组但能影响决定的人", "Outside the team but able to sway the decision"),
}


def sheet_intro(sheet: spec.Sheet, lang: Language) -> str:
    """The one-line introduction under a sheet's title."""
    if sheet.intro is not None:
        return sheet.intro(lang)
    purpose = SHEET_PURPOSES.get(sheet.key)
    return purpose(lang) if purpose else ""


def instruction_lines(lang: Language) -> list[Line]:
    """Every row of the instructions sheet, top to bottom."""
    t = _Text(lang)
    lines = [
        Line("title", t("销售项目计划 使用说明", "Deal plan: instructions")),
        Line("text", t("每个销售项目一个工作簿。填写黄色单元格, 点「评分 Score」得到评分和风险提示; "
                       "销售经理定期汇总全部工作簿, 生成团队的销售项目网站。",
                       "One workbook per deal. Fill in the yellow cells and click Score for scores and risk "
                       "flags; your manager regularly harvests every workbook into the team's deal site.")),
        Line("blank"),
        Line("heading", t("如何填写", "How to fill in")),
    ]
    steps = (
        B("先填「项目总汇」: 客户、项目、金额、预计签约日期、状态和阶段 (加粗的项目必填)。",
          "Start with Summary: customer, project, amount, expected close date, status and stage (bold labels "
          "are required)."),
        B("在「客户项目小组」列出客户方每一位相关人员, 标明角色、影响力和支持度 (-3…+3); "
          "在「汇报对象」填写其上级的姓名, 网站即画出客户组织图。",
          "List every relevant person of the customer on Stakeholders, with role, influence and support "
          "(-3…+3); put each person's manager under Reports to and the site draws the customer's org chart."),
        B("在「评审标准」填写客户的权重 (合计 100%) 和客户眼中各家的评分 (1-5)。",
          "On Criteria enter the customer's weights (adding up to 100%) and each party's rating as the "
          "customer sees it (1-5)."),
        B("完成 SWOT、机会评估和行动计划; 表格可直接在最后一行下方继续输入, 会自动扩展。",
          "Complete SWOT, Assessment and Action plan; type just below a table's last row to add rows, the "
          "table grows by itself."),
        B("每次更新后修改「最后更新」日期, 然后点「评分 Score」。",
          "After every update change Last updated, then click Score."),
        B("项目编号由第一次点击「评分 Score」写入, 请勿修改; "
          "复制其他项目的工作簿开始新项目时, 先清空项目编号再点评分。",
          "The first click on Score writes the deal ID; do not change it. Starting a new deal from a copy of "
          "another deal's workbook? Clear the deal ID first, then click Score."),
        B("不要修改工作表名称和表格名称; 可以调整列宽、颜色和列的顺序。",
          "Do not change sheet names or table names; widths, colours and column order are yours to change."),
    )
    lines += [Line("pair", f"{number}.", step(lang)) for number, step in enumerate(steps, start=1)]
    lines += [Line("blank"), Line("heading", t("各工作表的用途", "What each sheet is for"))]
    lines += [Line("pair", sheet.title(lang), SHEET_PURPOSES[sheet.key](lang))
              for sheet in spec.SHEETS if sheet.key in SHEET_PURPOSES]
    lines += [Line("blank"), Line("heading", t("销售阶段与赢单概率", "Stages and win probabilities"))]
    lines += [Line("pair", f"{stage.number} {stage.label(lang)}", f"{stage.probability:.0%}") for stage in STAGES]
    lines.append(Line("text", t("团队可在 winplan.toml 中调整概率; 赢单按全额计算, 丢单和暂停按 0 计算。",
                                "Teams may change the probabilities in winplan.toml; a won deal counts in full, "
                                "a lost or on-hold deal counts 0.")))
    lines += [Line("blank"), Line("heading", t("客户角色", "Stakeholder roles"))]
    lines += [Line("pair", choice.label(lang), ROLE_DESCRIPTIONS[choice.code](lang))
              for choice in ROLE.choices if choice.code in ROLE_DESCRIPTIONS]
    lines += [
        Line("blank"),
        Line("heading", t("颜色说明", "Colour legend")),
        Line("legend", t("请填写", "Fill in"), t("黄色: 输入单元格, 多数带下拉列表或输入提示。",
                                             "Yellow: input cells, most with a drop-down or an input hint."),
             "input"),
        Line("legend", t("评分结果", "Score"), t("蓝色: 由「评分 Score」填写的结果, 请勿手工修改。",
                                             "Blue: results written by Score; do not type here."), "output"),
        Line("legend", t("标签", "Label"), t("灰色: 标签和自动生成的内容, 已锁定。",
                                         "Grey: labels and generated values, locked."), "label"),
        Line("legend", t("必填", "Required"), t("加粗的标签: 必填项。", "Bold label: required."),
             "label_required"),
        Line("blank"),
        Line("heading", t("保护", "Protection")),
        Line("text", t("使用说明、项目总汇、机会评估、评分结果和列表页受保护 (无密码), 防止误改标签; "
                       "其余工作表不保护, 以便表格随时增加行。需要时可在「审阅 → 撤消工作表保护」解除。",
                       "Instructions, Summary, Assessment, Scores and Lists are protected without a password so "
                       "labels are not changed by accident; the other sheets are not, so their tables can grow. "
                       "Use Review → Unprotect Sheet if you need to.")),
        Line("blank"),
        Line("pair", t("模板版本", "Template version"), spec.TEMPLATE_VERSION),
    ]
    return lines


class _Text:
    def __init__(self, lang: Language) -> None:
        self.lang = lang

    def __call__(self, zh: str, en: str) -> str:
        return B(zh, en)(self.lang)

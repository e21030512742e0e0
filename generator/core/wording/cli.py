"""The fixed words of winplan's command-line reports, in Chinese and English, one namespace per report.

Workbook text never comes from here. The site's words are in generator/core/wording/site.py.
"""

from __future__ import annotations

from generator.core.i18n import Bilingual as B

CHECK_REPORT: dict[str, B] = {  # `winplan check`'s text report
    "rep": B("销售代表", "Rep"), "stage": B("阶段", "Stage"), "status": B("状态", "Status"),
    "close": B("预计签约", "Close"), "amount": B("金额", "Amount"), "weighted": B("加权金额", "Weighted amount"),
    "probability": B("赢单概率", "Probability"), "worth": B("值得赢", "Worth"), "compete": B("能竞争", "Compete"),
    "win": B("能赢", "Win"), "assessment": B("机会评估", "Assessment"), "completeness": B("完成度", "complete"),
    "verdict": B("结论", "Verdict"), "quadrant": B("象限", "Quadrant"), "health": B("健康度", "Health"),
    "competitive": B("竞争力指数", "Competitive index"), "support": B("支持度指数", "Support index"),
    "overdue": B("逾期行动", "Overdue actions"), "flags": B("风险提示", "Risk flags"),
    "problems": B("问题", "Problems"), "fix": B("修改", "Fix"), "no_deal": B("无法识别项目, 未评分。",
                                                                          "The deal cannot be identified; not scored."),
    "stale": B("工作簿中保存的评分已过期, 请重新点击“评分”。",
               "The scores saved in the workbook are out of date; click Score again."),
    "ok": B("没有问题。", "No problems."),
    "no_id": B("尚无项目编号", "no deal ID yet"),
    "settings": B("团队设置", "Team settings"),
}

HARVEST_SUMMARY: dict[str, B] = {  # the summary `winplan harvest` prints
    "read": B("已读取", "read"),
    "reused": B("未变化, 沿用", "reused (unchanged)"),
    "skipped": B("已跳过", "skipped"),
    "problems": B("有问题", "with problems"),
    "failed": B("无法读取", "failed"),
    "deals": B("项目", "deals"),
    "conflicts": B("项目编号冲突", "deal ID conflicts"),
    "stale_scores": B("评分过期", "stale scores"),
    "open_pipeline": B("在途金额", "open pipeline"),
    "weighted_forecast": B("加权预测", "weighted forecast"),
}

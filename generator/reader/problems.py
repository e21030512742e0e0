"""Every problem the reader reports inside a workbook: a stable code, what is wrong and how to fix it, zh+en.

Codes are part of winplan's interface (the data quality page and `check --json` show them); never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.i18n import Bilingual as B
from generator.core.model import Problem, Severity
from generator.core.spec import SUPPORTED_TEMPLATE_VERSIONS, TEMPLATE_VERSION
from generator.core.vocabulary import VOCABULARIES

KIND_NAMES: dict[str, B] = {
    "date": B("日期", "a date"),
    "amount": B("金额 (数字)", "an amount (a number)"),
    "percent": B("百分比 (数字)", "a percentage (a number)"),
    "integer": B("整数", "a whole number"),
    "rating": B("1-5 的评分", "a rating from 1 to 5"),
}


@dataclass(frozen=True)
class Place:
    """Where a value lives: file, sheet, cell, and the label of what it is."""

    file: str
    sheet: str | None
    cell: str | None
    label: B

    def problem(self, code: str, severity: Severity, message: B, fix: B) -> Problem:
        return Problem(code, severity, message, fix, self.file, self.sheet, self.cell)


def wrong_type(place: Place, kind: str, shown: str) -> Problem:
    wanted = KIND_NAMES.get(kind, B("数字", "a number"))
    return place.problem(
        "wrong-type", "error",
        B(f"“{place.label.zh}”应为{wanted.zh}, 但填写的是“{shown}”。",
          f"\"{place.label.en}\" should be {wanted.en}, but it holds \"{shown}\"."),
        B(f"请填写{wanted.zh}" + ("(如 2026-03-01)。" if kind == "date" else "。"),
          f"Enter {wanted.en}" + (" (e.g. 2026-03-01)." if kind == "date" else ".")),
    )


def number_as_text(place: Place, shown: str, number: float) -> Problem:
    read = f"{number:,.2f}".rstrip("0").rstrip(".")
    return place.problem(
        "number-as-text", "warning",
        B(f"“{place.label.zh}”是文本“{shown}”, 已按 {read} 读取。",
          f"\"{place.label.en}\" is the text \"{shown}\"; it was read as {read}."),
        B("请只填写数字 (不带货币符号和千位分隔符), 并把单元格格式设为数字。",
          "Enter a plain number (no currency sign or separators) and format the cell as a number."),
    )


def unclear_separators(place: Place, shown: str) -> Problem:
    return place.problem(
        "unclear-number", "error",
        B(f"“{place.label.zh}”是文本“{shown}”, 无法确定其中的逗号和小数点哪个是小数点, 该值未被采用。",
          f"\"{place.label.en}\" is the text \"{shown}\": its commas and points could mean thousands or decimals, "
          "so it was not used."),
        B("请填写不带分隔符的数字, 用小数点表示小数 (如 2400000.5), 并把单元格格式设为数字。",
          "Enter a plain number with a point for decimals (e.g. 2400000.5) and format the cell as a number."),
    )


def amount_too_large(place: Place, shown: str, limit: float) -> Problem:
    return place.problem(
        "amount-too-large", "error",
        B(f"“{place.label.zh}”的值 {shown} 大得不正常 (上限 {limit:,.0f}), 该金额未被采用, 不计入任何合计。",
          f"\"{place.label.en}\": {shown} is absurdly large (the limit is {limit:,.0f}); the amount was not used "
          "and counts in no total."),
        B("请按元 (或所选币种的单位) 填写实际金额, 如 1200000; 确有如此大的项目时, 请在 winplan.toml 的 "
          "[reading] max_amount 中提高上限。",
          "Enter the real amount in units of the currency, e.g. 1200000; if a deal really is that large, raise "
          "[reading] max_amount in winplan.toml."),
    )


def currency_mismatch(place: Place, marker: str, currency: str) -> Problem:
    return place.problem(
        "currency-mismatch", "error",
        B(f"“{place.label.zh}”标明的币种“{marker}”与工作簿的币种 {currency} 不一致, 该金额未被采用。",
          f"\"{place.label.en}\" is marked \"{marker}\", but the workbook's currency is {currency}; the amount "
          "was not used."),
        B(f"请按 {currency} 填写金额 (只填数字), 或把“币种”改为该金额的币种。",
          f"Enter the amount in {currency} as a plain number, or change the Currency cell to the amount's "
          "currency."),
    )


def error_value(place: Place, error: str, required: bool) -> Problem:
    return place.problem(
        "excel-error", "error" if required else "warning",
        B(f"“{place.label.zh}”显示 Excel 错误 {error}, 没有可用的值。",
          f"\"{place.label.en}\": the cell shows the Excel error {error}, so it has no value."),
        B("请修正该单元格的公式, 或直接填写数值。", "Fix the formula or type the value."),
    )


def not_in_list(place: Place, vocabulary: str, shown: str) -> Problem:
    choices = VOCABULARIES[vocabulary]
    return place.problem(
        "value-not-in-list", "error",
        B(f"“{place.label.zh}”的值“{shown}”不在下拉列表中。", f"\"{place.label.en}\": \"{shown}\" is not in the list."),
        B(f"请从下拉列表中选择: {', '.join(choices.labels('zh'))}。",
          f"Pick one from the drop-down: {', '.join(choices.labels('en'))}."),
    )


def out_of_range(place: Place, code: str, low: float, high: float | None, shown: str, whole: bool) -> Problem:
    kind_zh, kind_en = ("整数", "a whole number") if whole else ("数字", "a number")
    span_zh = f"{_n(low)} 到 {_n(high)} 之间的{kind_zh}" if high is not None else f"不小于 {_n(low)} 的{kind_zh}"
    span_en = f"{kind_en} from {_n(low)} to {_n(high)}" if high is not None else f"{kind_en} of at least {_n(low)}"
    return place.problem(
        code, "error",
        B(f"“{place.label.zh}”的值 {shown} 超出范围。", f"\"{place.label.en}\": {shown} is out of range."),
        B(f"请填写{span_zh}。", f"Enter {span_en}."),
    )


def missing_required(place: Place) -> Problem:
    return place.problem(
        "missing-required", "error",
        B(f"必填项“{place.label.zh}”是空的。", f"The required {place.label.en} is empty."),
        B(f"请填写“{place.label.zh}”。", f"Fill in {place.label.en}."),
    )


def formula_without_value(place: Place, required: bool) -> Problem:
    return place.problem(
        "formula-without-value", "error" if required else "warning",
        B(f"“{place.label.zh}”是一个从未计算过的公式, 没有保存结果。",
          f"\"{place.label.en}\" is a formula whose result was never calculated and saved."),
        B("请在 Excel 中打开该工作簿, 按 F9 重新计算后保存; 或直接填写数值。",
          "Open the workbook in Excel, recalculate (F9) and save; or type the value in."),
    )


def text_too_long(place: Place, limit: int) -> Problem:
    return place.problem(
        "text-too-long", "warning",
        B(f"“{place.label.zh}”的文字太长, 只读取了前 {limit} 个字符。",
          f"\"{place.label.en}\" is too long; only its first {limit} characters were read."),
        B("请精简内容, 详细材料可另存文档并在此处注明位置。",
          "Shorten it; keep long material in a separate document and note where it is."),
    )


def no_deal_id_yet(place: Place) -> Problem:
    """The deal_id cell is empty (a copy of the blank template): the deal is read, under no permanent id yet."""
    return place.problem(
        "deal-id-missing", "warning",
        B("该工作簿还没有项目编号; 收集时使用临时编号, 只要文件名和位置或客户和项目名称不变, 历史记录就能延续。",
          "This workbook has no deal ID yet; the harvest counts it under a provisional ID, which keeps its "
          "history only while the file keeps its name and folder, or its customer and project."),
        B("点击一次「评分 Score」按钮 (它会写入永久的项目编号), 或用 winplan new 创建工作簿。",
          "Click Score once (it writes a permanent deal ID into the workbook), or create the workbook with "
          "`winplan new`."),
    )


def invalid_deal_id(place: Place, shown: str) -> Problem:
    return place.problem(
        "invalid-deal-id", "error",
        B(f"项目编号“{shown}”无效 (应为模板生成的 UUID), 无法识别该项目。",
          f"The deal ID \"{shown}\" is not valid (it should be the UUID the template generated); "
          "the deal cannot be identified."),
        B("请恢复原来的项目编号; 若已丢失, 用 winplan new 新建工作簿并把内容复制过去。",
          "Restore the original deal ID; if it is lost, create a workbook with `winplan new` and copy the "
          "content over."),
    )


def missing_name(file: str, name: str, label: B, sheet: str | None, required: bool) -> Problem:
    return Problem(
        "missing-name", "error" if required else "warning",
        B(f"工作簿缺少名称“{name}” ({label.zh}), 或它指向的单元格已被删除。",
          f"The workbook has no defined name \"{name}\" ({label.en}), or the cell it pointed to was deleted."),
        B(f"请在 公式 > 名称管理器 中恢复名称“{name}”, 或用 winplan 模板重新创建工作簿。",
          f"Restore the name \"{name}\" under Formulas > Name Manager, or recreate the workbook from the "
          "winplan template."),
        file, sheet,
    )


def missing_table(file: str, name: str, title: B, sheet: str | None) -> Problem:
    return Problem(
        "missing-table", "error",
        B(f"工作簿缺少表格“{name}” ({title.zh}), 其中内容无法读取。",
          f"The workbook has no table \"{name}\" ({title.en}); its content cannot be read."),
        B(f"请在 表设计 > 表名称 中把表格命名为“{name}”, 或用 winplan 模板重新创建工作簿。",
          f"Name the table \"{name}\" under Table Design > Table Name, or recreate the workbook from the "
          "winplan template."),
        file, sheet,
    )


def missing_column(file: str, table: str, label: B, sheet: str, cell: str, required: bool) -> Problem:
    return Problem(
        "missing-column", "error" if required else "warning",
        B(f"表格“{table}”缺少“{label.zh}”列" + (", 整个表格无法读取。" if required else "。"),
          f"The table \"{table}\" has no \"{label.en}\" column" + ("; the table cannot be read." if required else ".")),
        B(f"请添加标题为“{label.zh}”(或“{label.en}”)的列。",
          f"Add a column headed \"{label.en}\" (or \"{label.zh}\")."),
        file, sheet, cell,
    )


def weights_not_100(file: str, sheet: str, cell: str | None, total: float) -> Problem:
    return Problem(
        "weights-not-100", "warning",
        B(f"评审标准权重合计为 {_n(round(total, 1))}%, 而不是 100%; 评分时已按比例换算。",
          f"The criteria weights add up to {_n(round(total, 1))}%, not 100%; scoring scales them."),
        B("请调整权重使合计为 100%。", "Adjust the weights so they add up to 100%."),
        file, sheet, cell,
    )


def template_version(place: Place, found: str) -> Problem:
    supported = ", ".join(SUPPORTED_TEMPLATE_VERSIONS)
    if not found:
        return place.problem(
            "missing-template-version", "warning",
            B(f"工作簿没有模板版本号, 已按 {TEMPLATE_VERSION} 版读取。",
              f"The workbook has no template version; it was read as version {TEMPLATE_VERSION}."),
            B("请使用 winplan 模板创建的工作簿, 不要删除模板版本。",
              "Use a workbook made from the winplan template and keep its template version."),
        )
    return place.problem(
        "unknown-template-version", "warning",
        B(f"模板版本“{found}”未知 (支持: {supported}), 已尽量读取。",
          f"The template version \"{found}\" is unknown (supported: {supported}); it was read as well as possible."),
        B("请升级 winplan, 或把内容复制到当前模板中。",
          "Upgrade winplan, or copy the content into the current template."),
    )


def not_a_winplan_workbook(file: str) -> Problem:
    return Problem(
        "not-winplan-workbook", "error",
        B("这是 Excel 工作簿, 但不是 winplan 项目工作簿 (没有任何 winplan 的名称或表格)。",
          "This is an Excel workbook, but not a winplan deal workbook (it has none of winplan's names or tables)."),
        B("请用 winplan new 或 winplan 模板创建项目工作簿; 其它 Excel 文件请移出该文件夹。",
          "Create deal workbooks with `winplan new` or from the winplan template; move other Excel files out of "
          "the folder."),
        file,
    )


def sheet_too_large(file: str, sheet: str, extent: str) -> Problem:
    return Problem(
        "sheet-too-large", "error",
        B(f"工作表“{sheet}”使用的区域 ({extent}) 大得不正常, 为安全起见拒绝读取。",
          f"The sheet \"{sheet}\" uses an abnormally large area ({extent}), so it is refused for safety."),
        B("请删除该工作表中远离表格的多余单元格 (如最后一行/最后一列的内容), 保存后重试。",
          "Delete the stray cells far below or right of the content on that sheet (press Ctrl+End to find "
          "them), save, and run again."),
        file, sheet,
    )


def unreadable(file: str, detail: str) -> Problem:
    return Problem(
        "unreadable", "error",
        B(f"无法读取该工作簿: {detail}", f"The workbook cannot be read: {detail}"),
        B("请在 Excel 中打开并重新保存为 .xlsx; 若打不开, 请从备份中恢复。",
          "Open it in Excel and save it again as .xlsx; if it does not open, restore it from a backup."),
        file,
    )


def _n(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)

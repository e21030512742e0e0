#!/usr/bin/env bash
# winplan as a manager installs it: build the wheel, install it into a fresh virtual environment outside the source
# tree, and run every command from an empty folder outside the source tree. Any failing command, or a command that
# leaves no output, fails the script (and CI).
#
#   bash .ci/wheel_smoke.sh [PYTHON]     PYTHON makes the virtual environment (default: python3)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/winplan-wheel-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$SECONDS
step() { echo "wheel smoke: $* ($((SECONDS - started)) s)"; }
fail() { echo "wheel smoke FAILED: $*" >&2; exit 1; }

step "building the wheel from a clean copy of the checkout"
# A copy of the files git knows (tracked, or new and not ignored): no stale build/ folder or local junk can hide a
# file missing from the package data.
mkdir "$work/src"
git -C "$repo" ls-files -z --cached --others --exclude-standard \
    | (cd "$repo" && tar --null --ignore-failed-read -T - -cf -) | tar -C "$work/src" -xf -
"$python" -m venv "$work/venv"
venv="$work/venv/bin"
"$venv/python" -m pip wheel -q --no-deps "$work/src" -w "$work/dist"
wheel="$(ls "$work"/dist/winplan-*.whl)"

step "installing $(basename "$wheel") and its dependencies"
"$venv/python" -m pip install -q "$wheel"
rm -rf "$work/src"  # nothing may come from the source tree from here on

mkdir "$work/empty"
cd "$work/empty"
installed="$("$venv/python" -c 'import generator; print(generator.__file__)')"
case "$installed" in
    "$work/venv/"*) ;;
    *) fail "generator was imported from $installed, not from the wheel installed in $work/venv" ;;
esac
winplan="$venv/winplan"
as_of=2026-11-20

step "winplan templates"
"$winplan" templates --out templates
for lang in zh en; do
    for suffix in xlsx xlsm; do
        [ -s "templates/winplan-template-$lang.$suffix" ] || fail "templates wrote no winplan-template-$lang.$suffix"
    done
done

step "winplan new"
"$winplan" new "Acme Industrial" --project "Plant ERP" --rep "Li Wei" --lang en --out deals
"$winplan" new "华东重工" --project "MES 二期" --rep "王芳" --macros --out deals
[ "$(find deals -name '*.xlsx' | wc -l)" -eq 1 ] && [ "$(find deals -name '*.xlsm' | wc -l)" -eq 1 ] \
    || fail "new did not write one .xlsx and one .xlsm into deals/"
touch -d '1 minute ago' deals/*  # finished files: the harvest skips ones saved within the last moments

step "winplan check"
"$winplan" check deals/* --as-of "$as_of" --json > check.json
"$venv/python" - <<'EOF' || fail "check --json did not report both workbooks"
import json
report = json.load(open("check.json", encoding="utf-8"))
text = json.dumps(report, ensure_ascii=False)
assert "Acme Industrial" in text and "华东重工" in text, text[:500]
EOF

step "winplan harvest"
"$winplan" harvest deals --db winplan.sqlite --as-of "$as_of" | tee harvest.txt
[ -s winplan.sqlite ] || fail "harvest wrote no winplan.sqlite"
grep -q "^snapshot 1 " harvest.txt || fail "harvest stored no snapshot"

step "winplan build"
"$winplan" build --db winplan.sqlite --out site --lang en --strict
[ -s site/index.html ] || fail "build wrote no site/index.html"
[ "$(find site/accounts -name '*.html' | wc -l)" -eq 2 ] || fail "build did not write one page per deal"
grep -q "Acme Industrial" site/accounts.html || fail "the accounts page does not list the harvested deal"

step "winplan export"
"$winplan" export --db winplan.sqlite --format xlsx --out pipeline.xlsx
"$winplan" export --db winplan.sqlite --format csv --out pipeline.csv
"$venv/python" -c 'import zipfile; zipfile.ZipFile("pipeline.xlsx").getinfo("xl/workbook.xml")' \
    || fail "export wrote no readable pipeline.xlsx"
grep -q "Acme Industrial" pipeline.csv || fail "the CSV export does not hold the harvested deal"

step "winplan demo"
"$winplan" demo --lang en
examples="$("$venv/python" -c 'from generator import resources; print(len(list(resources.example_workbooks().glob("*.xls*"))))')"
[ "$examples" -gt 0 ] || fail "the wheel carries no example workbooks"
[ -s winplan-demo/site/index.html ] || fail "demo wrote no winplan-demo/site/index.html"
[ "$(find winplan-demo/site/accounts -name '*.html' | wc -l)" -eq "$examples" ] \
    || fail "demo did not build one page per example workbook ($examples)"

step "every command worked from an empty folder with the installed wheel"

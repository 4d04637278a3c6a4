"""`tradetriage rules check` and `rules list` through the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradetriage.cli import app
from tradetriage.config import Config
from tradetriage.rules import load_rules
from tradetriage.store.db import Store

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def config(tmp_path: Path, extra: str = "", language: str = "en") -> Path:
    path = tmp_path / "config.toml"
    store = tmp_path / "store.db"
    path.write_text(f'store = "{store}"\nlanguage = "{language}"\n{extra}', encoding="utf-8")
    return path


def test_check_bundled_rules_ok(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--config", str(config(tmp_path)), "rules", "check"])
    assert result.exit_code == 0, result.output
    count = len(load_rules().rules)
    assert result.output.startswith(f"{count} rules OK")


def test_check_a_user_file_with_errors_exits_2_with_file_lines(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "version: 1\nrules:\n  - id: FREEMAIL_SENDER\n    weight: 2\n"
        "  - id: MY_RULE\n    description: {en: x}\n    signal: domain.nonsense\n"
        "    is: true\n    weight: 1\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--config", str(config(tmp_path)), "rules", "check", str(mine)])
    assert result.exit_code == 2
    assert f"{mine}:7: MY_RULE: unknown signal 'domain.nonsense'" in result.output
    assert "Traceback" not in result.output


def test_every_problem_of_a_file_is_a_line_of_its_own(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "version: 1\nrules:\n  - id: FREEMAIL_SENDER\n    wieght: 2\n"
        "  - id: NIGHT_SEND\n    enabeld: false\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--config", str(config(tmp_path)), "rules", "check", str(mine)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.startswith(f"error: {mine}:4: ") for line in lines), result.output
    assert any(line.startswith(f"{mine}:6: ") for line in lines), result.output


def test_check_valid_user_file_counts_added_rules(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "version: 1\nrules:\n  - id: FREEMAIL_SENDER\n    enabled: false\n"
        "  - id: MY_NIGHT\n    description: {en: night, zh: 夜间}\n    signal: sendtime.night\n"
        "    is: true\n    weight: 1\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--config", str(config(tmp_path)), "rules", "check", str(mine)])
    assert result.exit_code == 0, result.output
    total = len(load_rules().rules) + 1
    assert result.output.startswith(f"{total} rules OK ({total - 1} enabled")


def test_check_yaml_syntax_error(tmp_path: Path) -> None:
    mine = tmp_path / "broken.yaml"
    mine.write_text("version: 1\nrules:\n  - id: X\n    weight: [1\n", encoding="utf-8")
    result = runner.invoke(app, ["--config", str(config(tmp_path)), "rules", "check", str(mine)])
    assert result.exit_code == 2
    assert f"{mine}:" in result.output and "invalid YAML" in result.output


def test_check_uses_configured_user_rules(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("version: 1\nrules:\n  - id: NO_SUCH_RULE\n    weight: 1\n", encoding="utf-8")
    path = config(tmp_path, f'[grading]\nrules = "{mine}"\n')
    result = runner.invoke(app, ["--config", str(path), "rules", "check"])
    assert result.exit_code == 2
    assert "NO_SUCH_RULE" in result.output


INQUIRIES = Path(__file__).parent / "fixtures" / "inquiries"


def _imported(tmp_path: Path, extra: str = "") -> Path:
    """A config whose store holds a free-mail buyer's inquiry and a company buyer's."""
    path = config(tmp_path, extra)
    mail = tmp_path / "mail"
    mail.mkdir()
    for name in ("albaraka-01.eml", "alfaisal-01.eml"):
        (mail / name).write_bytes((INQUIRIES / name).read_bytes())
    result = runner.invoke(app, ["--config", str(path), "import", str(mail)])
    assert result.exit_code == 0, result.output
    return path


def _listed(path: Path) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["--config", str(path), "rules", "list", "--json"])
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.output)}


def test_list_json_has_every_rule_with_fired_counts(tmp_path: Path) -> None:
    path = _imported(tmp_path)
    rows = _listed(path)  # grades first: nothing was graded after the import
    assert set(rows) == {r.id for r in load_rules().rules}
    with Store.open(tmp_path / "store.db") as store:
        stored = dict(store.conn.execute("SELECT rule_id, count(*) FROM hits GROUP BY rule_id"))
    assert stored["FREEMAIL_SENDER"] == 1  # albaraka writes from a free-mail address
    assert {r: row["fired"] for r, row in rows.items() if row["fired"]} == stored
    assert rows["FRAUD_ADVANCE_FEE"]["fired"] == 0
    assert rows["FREEMAIL_SENDER"]["description"] == "Writes from a free-mail address"


def test_list_counts_follow_an_edited_rules_file(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("version: 1\n", encoding="utf-8")
    path = _imported(tmp_path, '[grading]\nrules = "mine.yaml"\n')
    assert _listed(path)["FREEMAIL_SENDER"]["fired"] == 1
    (tmp_path / "mine.yaml").write_text(
        "version: 1\nrules:\n  - {id: FREEMAIL_SENDER, enabled: false}\n"
        "  - id: GIVES_DETAIL\n    description: {en: Gives detail}\n"
        "    signal: request.specificity\n    min: 1\n    weight: -1\n",
        encoding="utf-8",
    )
    rows = _listed(path)  # without `grade` in between: the counts are of the rules listed
    assert rows["FREEMAIL_SENDER"]["fired"] == 0
    assert rows["GIVES_DETAIL"]["fired"] == 2


def test_list_table_in_chinese_without_creating_a_store(tmp_path: Path) -> None:
    path = config(tmp_path, language="zh")
    result = runner.invoke(app, ["--config", str(path), "rules", "list"])
    assert result.exit_code == 0, result.output
    assert "使用免费邮箱发信" in result.output and "规则" in result.output
    assert "FREEMAIL_SENDER" in result.output
    assert not (tmp_path / "store.db").exists()


def test_language_from_config_else_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    # `rules list` takes the language where every command does: Config.effective_language.
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert Config(language="zh").effective_language == "zh"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert Config().effective_language == "zh"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert Config().effective_language == "en"
    monkeypatch.delenv("LANG")
    assert Config().effective_language == "en"


def test_list_follows_the_locale_when_the_config_names_no_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    path = tmp_path / "config.toml"
    path.write_text(f'store = "{tmp_path / "store.db"}"\n', encoding="utf-8")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    chinese = runner.invoke(app, ["--config", str(path), "rules", "list"])
    assert chinese.exit_code == 0, chinese.output
    assert "使用免费邮箱发信" in chinese.output
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    english = runner.invoke(app, ["--config", str(path), "rules", "list"])
    assert "Writes from a free-mail address" in english.output


def test_list_shows_descriptions_with_brackets_as_written(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "version: 1\nrules:\n  - id: FREEMAIL_SENDER\n"
        "    description: {en: 'Sends [invoice].pdf, then [/] and [bold]'}\n",
        encoding="utf-8",
    )
    path = config(tmp_path, '[grading]\nrules = "mine.yaml"\n')
    result = runner.invoke(app, ["--config", str(path), "rules", "list"])
    assert result.exit_code == 0, result.output
    assert "Sends [invoice].pdf, then [/] and [bold]" in result.output


def _check(tmp_path: Path, rules: str, command: str = "check") -> str:
    """`rules check` (or `list`) over a user file holding ``rules``; it must fail cleanly."""
    mine = tmp_path / "mine.yaml"
    mine.write_text(f"version: 1\nrules:\n{rules}", encoding="utf-8")
    path = config(tmp_path, f'[grading]\nrules = "{mine}"\n')
    result = runner.invoke(app, ["--config", str(path), "rules", command])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    return result.output.replace(f"{mine}", "mine.yaml")


def test_check_refuses_a_regex_that_would_backtrack_for_ever(tmp_path: Path) -> None:
    output = _check(
        tmp_path,
        "  - id: ODD_SENDER\n    description: {en: odd}\n    signal: domain.sender\n"
        "    matches: '^([a-z0-9]+-?)+\\.com$'\n    weight: 1\n",
    )
    assert "mine.yaml:6: ODD_SENDER: regex '^([a-z0-9]+-?)+\\\\.com$' nests a repeat" in output


@pytest.mark.parametrize("command", ["check", "list"])
def test_a_regex_too_large_for_python_is_a_clean_error(tmp_path: Path, command: str) -> None:
    output = _check(
        tmp_path,
        "  - id: MANY_DIGITS\n    description: {en: digits}\n    signal: contact.phones\n"
        "    matches: '\\d{6,99999999999}'\n    weight: 1\n",
        command,
    )
    assert "mine.yaml:6: MANY_DIGITS: bad regex" in output


def test_overriding_a_misspelt_bundled_rule_suggests_the_real_one(tmp_path: Path) -> None:
    output = _check(tmp_path, "  - id: NIGHT_SENDS\n    weight: 0.5\n")
    assert "mine.yaml:3: NIGHT_SENDS: no bundled rule NIGHT_SENDS (did you mean NIGHT_SEND?)" in (
        output
    )
    assert output.count("mine.yaml:") == 1


def test_grade_with_an_unreadable_rules_file_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("version: 1\n", encoding="utf-8")
    path = config(tmp_path, f'[grading]\nrules = "{mine}"\n')
    read_bytes = Path.read_bytes

    def refused(self: Path) -> bytes:
        # chmod 000 does not stop root, who runs the tests in CI containers.
        if self == mine:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refused)
    result = runner.invoke(app, ["--config", str(path), "grade"])
    assert result.exit_code == 2, result.output
    assert f"cannot read rules file {mine}: Permission denied" in result.output
    assert isinstance(result.exception, SystemExit)


def test_check_lists_every_problem_of_a_broken_rule_and_of_each_copy_in_line_order(
    tmp_path: Path,
) -> None:
    output = _check(
        tmp_path,
        "  - id: R_A\n    description: {en: a}\n    signal: domain.sendr\n"
        '    matches: "(a+)+"\n    weight: "2"\n    tags: [Phishing]\n'
        "  - id: R_B\n    description: {en: b}\n    signal: domain.sender\n"
        '    matches: "(abc"\n    weight: 1\n'
        "  - id: R_B\n    description: {en: b}\n    signal: domain.sender\n"
        '    matches: "x"\n    weight: 1\n',
    )
    lines = output.removeprefix("error: ").splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["mine.yaml:5", "R_A"],
        ["mine.yaml:6", "R_A"],
        ["mine.yaml:7", "R_A"],
        ["mine.yaml:8", "R_A"],
        ["mine.yaml:12", "R_B"],
        ["mine.yaml:14", "R_B"],
    ], output
    assert "mine.yaml:5: R_A: unknown signal 'domain.sendr' (did you mean 'domain.sender'" in output
    assert "mine.yaml:6: R_A: regex '(a+)+' nests a repeat" in output
    assert "mine.yaml:7: R_A: rules.0.weight: Input should be a valid number" in output
    assert "mine.yaml:8: R_A: tag 'Phishing': did you mean 'phishing'?" in output
    assert "mine.yaml:12: R_B: bad regex '(abc'" in output
    assert "mine.yaml:14: R_B: duplicate rule id" in output

"""The lines a clerk reads every morning, in Chinese under ``language = "zh"``: the `grade`
summary, a pin, `contact mark` and `link`, `learn` and its status, and the level column of
`grade --show`. English stays as it was, and ``--json`` stays English for scripts."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CliInvoke, make_config, run_json

INQUIRIES = Path(__file__).parent / "fixtures" / "inquiries"
SECONDS = r"\d+\.\d"


def _stores(tmp_path: Path, cli: CliInvoke) -> tuple[Path, Path]:
    """The inquiry set imported into a fresh store, graded once in English; returns an English
    and a Chinese config for that one store."""
    english = make_config(tmp_path)
    chinese = tmp_path / "zh.toml"
    text = english.read_text("utf-8")
    chinese.write_text(text.replace('language = "en"', 'language = "zh"'), "utf-8")
    assert cli(english, "import", "-q", str(INQUIRIES)).exit_code == 0
    return english, chinese


def _lines(output: str) -> list[str]:
    return output.strip().splitlines()


def _single_address_contacts(cli: CliInvoke, config: Path) -> list[int]:
    """The numbers of the unflagged contacts with one address, lowest first."""
    shown = run_json(cli, config, "grade", "--show")
    return sorted(c["id"] for c in shown["contacts"] if len(c["addresses"]) == 1)


def _address(cli: CliInvoke, config: Path, contact: int) -> str:
    shown = run_json(cli, config, "contact", "show", str(contact))
    return str(shown["contact"]["addresses"][0])


def test_the_grade_summary_in_chinese(tmp_path: Path, cli: CliInvoke) -> None:
    english, chinese = _stores(tmp_path, cli)
    first = cli(chinese, "grade")
    assert first.exit_code == 0, first.output
    [line] = _lines(first.output)
    assert re.fullmatch(
        r"已评级 123 封邮件，0 封无变化；新标记：钓鱼 \d+ 封、疑似诈骗 \d+ 封；"
        rf"已更新 \d+ 个联系人（{SECONDS} 秒）；运行 `tradetriage grade --show` 查看",
        line,
    ), line
    again = cli(chinese, "grade")
    [line] = _lines(again.output)
    assert re.fullmatch(
        rf"已评级 0 封邮件，123 封无变化；已更新 0 个联系人（{SECONDS} 秒）；"
        "运行 `tradetriage grade --show` 查看",
        line,
    ), line
    # English as before, newly flagged mail and all.
    unchanged = cli(english, "grade")
    [line] = _lines(unchanged.output)
    assert re.fullmatch(
        rf"grade: 0 messages graded, 123 unchanged; 0 contacts updated \({SECONDS} s\); "
        "see `tradetriage grade --show`",
        line,
    ), line
    message = run_json(cli, english, "list", "-n", "1")[0]["id"]
    assert cli(english, "learn", "phishing", str(message)).exit_code == 0
    flagged = cli(english, "grade")
    [line] = _lines(flagged.output)
    assert re.fullmatch(
        r"grade: 1 messages graded, 122 unchanged; flagged: 1 phishing; "
        rf"1 contacts updated \({SECONDS} s\); see `tradetriage grade --show`",
        line,
    ), line
    # Scripts read the same JSON in either language.
    assert run_json(cli, chinese, "grade")["graded"] == 0
    assert set(run_json(cli, chinese, "grade")) == set(run_json(cli, english, "grade"))


def test_a_pin_in_chinese(tmp_path: Path, cli: CliInvoke) -> None:
    english, chinese = _stores(tmp_path, cli)
    assert cli(english, "grade").exit_code == 0
    contact = _single_address_contacts(cli, english)[0]
    pinned = cli(chinese, "grade", "--set", str(contact), "2")
    assert pinned.exit_code == 0, pinned.output
    assert _lines(pinned.output)[0] == f"联系人 {contact} 的等级已固定为二级"
    assert _lines(pinned.output)[1].startswith("已评级 0 封邮件")
    unpinned = cli(chinese, "grade", "--set", str(contact), "auto")
    assert _lines(unpinned.output)[0] == f"联系人 {contact} 已取消固定，恢复自动评级"
    # English as before.
    pinned = cli(english, "grade", "--set", str(contact), "3")
    assert _lines(pinned.output)[0] == f"contact {contact} pinned at level 3"
    assert _lines(pinned.output)[1].startswith("grade: 0 messages graded")
    unpinned = cli(english, "grade", "--set", str(contact), "auto")
    assert _lines(unpinned.output)[0] == f"contact {contact} unpinned (graded automatically)"
    as_json = run_json(cli, chinese, "grade", "--set", str(contact), "2")
    assert "graded" in as_json and "已评级" not in str(as_json)


def test_the_level_column_reads_like_the_footer(tmp_path: Path, cli: CliInvoke) -> None:
    english, chinese = _stores(tmp_path, cli)
    assert cli(english, "grade").exit_code == 0
    contact = _single_address_contacts(cli, english)[0]
    assert cli(english, "grade", "--set", str(contact), "2").exit_code == 0
    shown = cli(chinese, "grade", "--show")
    assert shown.exit_code == 0, shown.output
    assert "一级 主管审核 · 二级 每周跟进" in shown.output
    assert not re.search(r"\bL[1-4]\b", shown.output), shown.output
    row = next(line for line in _lines(shown.output) if re.match(rf"│ +{contact} │", line))
    assert re.search(r"│ 二级📌 +│", row), row
    levels = set(re.findall(r"│ ([一二三四]级)", shown.output))
    assert {"二级", "三级", "四级"} <= levels, levels
    # English as before.
    shown = cli(english, "grade", "--show")
    row = next(line for line in _lines(shown.output) if re.match(rf"│ +{contact} │", line))
    assert re.search(r"│ L2📌 +│", row), row
    assert "L1 supervisor review · L2 touch weekly" in shown.output
    assert "│ L4 " in shown.output and "四级" not in shown.output


def test_contact_mark_in_chinese(tmp_path: Path, cli: CliInvoke) -> None:
    english, chinese = _stores(tmp_path, cli)
    assert cli(english, "grade").exit_code == 0
    contact = _single_address_contacts(cli, english)[0]
    marked = cli(chinese, "contact", "mark", str(contact), "--owner", "Lily")
    assert marked.exit_code == 0, marked.output
    assert _lines(marked.output) == [
        f"联系人 {contact} 已更新；运行 `tradetriage grade --show` 查看新等级"
    ]
    assert cli(english, "grade", "--set", str(contact), "4").exit_code == 0
    marked = cli(chinese, "contact", "mark", str(contact), "--ordered")
    assert _lines(marked.output) == [
        f"联系人 {contact} 的等级已固定为四级：下单要等取消固定后才会体现在等级上"
        f"（`tradetriage grade --set {contact} auto`）"
    ]
    # English as before.
    marked = cli(english, "contact", "mark", str(contact), "--visited")
    assert _lines(marked.output) == [
        f"contact {contact} is pinned at level 4: the visit shows once you unpin it "
        f"(`tradetriage grade --set {contact} auto`)"
    ]
    assert cli(english, "grade", "--set", str(contact), "auto").exit_code == 0
    marked = cli(english, "contact", "mark", str(contact), "--owner", "Wang")
    assert _lines(marked.output) == [
        f"contact {contact} updated; `tradetriage grade --show` shows the new level"
    ]


def test_contact_link_in_chinese(tmp_path: Path, cli: CliInvoke) -> None:
    english, chinese = _stores(tmp_path, cli)
    assert cli(english, "grade").exit_code == 0
    gone, kept, other, last = _single_address_contacts(cli, english)[:4]
    for ident, owner, level in ((gone, "wang", "2"), (kept, "lily", "3")):
        assert cli(english, "contact", "mark", str(ident), "--owner", owner).exit_code == 0
        assert cli(english, "grade", "--set", str(ident), level).exit_code == 0
    address = _address(cli, english, gone)
    linked = cli(chinese, "contact", "link", address, str(kept))
    assert linked.exit_code == 0, linked.output
    assert _lines(linked.output) == [
        f"{address} 已归入联系人 {kept}",
        f"联系人 {gone} 已没有其他地址：并入联系人 {kept}，其标注、负责人、标签、分组和固定等级"
        f"随之转入，但负责人 wang（联系人 {kept} 的负责人是 lily）和固定的二级"
        f"（联系人 {kept} 已固定为三级）除外",
    ]
    # Nothing left behind: no "except"; and English as before.
    address = _address(cli, english, other)
    linked = cli(chinese, "contact", "link", address, str(last))
    assert _lines(linked.output) == [
        f"{address} 已归入联系人 {last}",
        f"联系人 {other} 已没有其他地址：并入联系人 {last}，其标注、负责人、标签、分组和固定等级"
        "随之转入",
    ]
    linked = cli(english, "contact", "link", address, str(kept))
    assert _lines(linked.output) == [f"{address} now belongs to contact {kept}"]


def test_learn_in_chinese(tmp_path: Path, cli: CliInvoke) -> None:
    english, chinese = _stores(tmp_path, cli)
    ids = [str(m["id"]) for m in run_json(cli, english, "list", "-n", "0")]
    learned = cli(chinese, "learn", "phishing", ids[0], ids[1])
    assert learned.exit_code == 0, learned.output
    assert _lines(learned.output) == [
        "2 封邮件中有 2 封新标记为钓鱼邮件；下次运行 `tradetriage grade` 时据此重新评级"
    ]
    learned = cli(chinese, "learn", "fraud", ids[0])
    assert _lines(learned.output) == [
        "1 封邮件中有 1 封新标记为诈骗邮件（其中 1 封原有其他判定，已替换）；"
        "下次运行 `tradetriage grade` 时据此重新评级"
    ]
    learned = cli(chinese, "learn", "genuine", ids[2])
    assert "新标记为正常邮件" in learned.output
    forgot = cli(chinese, "learn", "forget", ids[0], ids[2])
    assert _lines(forgot.output) == ["已撤销 2 条判定；下次运行 `tradetriage grade` 时不再计入"]
    status = cli(chinese, "learn", "status")
    assert _lines(status.output) == [
        "已学习：钓鱼 1 封、诈骗 0 封、正常 0 封",
        "钓鱼：未启用，需先学习 30 封钓鱼邮件和 30 封正常邮件",
        "诈骗：未启用，需先学习 30 封诈骗邮件和 30 封正常邮件",
    ]
    # English as before.
    learned = cli(english, "learn", "fraud", ids[1])
    assert _lines(learned.output) == [
        "1 of 1 messages newly marked fraud (1 of them had another verdict, now replaced); "
        "the next `tradetriage grade` regrades with it"
    ]
    forgot = cli(english, "learn", "forget", ids[1])
    assert _lines(forgot.output) == [
        "1 verdicts dropped; the next `tradetriage grade` regrades without them"
    ]
    # Once enough is learned, the classifier is on.
    assert cli(english, "learn", "phishing", *ids[:30]).exit_code == 0
    assert cli(english, "learn", "genuine", *ids[30:60]).exit_code == 0
    status = cli(chinese, "learn", "status")
    assert _lines(status.output) == [
        "已学习：钓鱼 30 封、诈骗 0 封、正常 30 封",
        "钓鱼：已启用（与已学钓鱼邮件相似的邮件会计入评分）",
        "诈骗：未启用，需先学习 30 封诈骗邮件和 30 封正常邮件",
    ]
    status = cli(english, "learn", "status")
    assert _lines(status.output) == [
        "learned: 30 phishing, 0 fraud, 30 genuine",
        "phishing: active (likeness to the learned phishing mail counts)",
        "fraud: waiting for 30 fraud and 30 genuine messages",
    ]
    assert run_json(cli, chinese, "learn", "status") == run_json(cli, english, "learn", "status")


def test_contact_show_names_the_level_like_the_tables(tmp_path: Path, cli: CliInvoke) -> None:
    english, chinese = _stores(tmp_path, cli)
    assert cli(english, "grade").exit_code == 0
    contact = _single_address_contacts(cli, english)[0]
    assert cli(english, "grade", "--set", str(contact), "2").exit_code == 0
    shown = cli(chinese, "contact", "show", str(contact))
    assert shown.exit_code == 0, shown.output
    assert "二级（已固定）" in _lines(shown.output)[0]
    assert "level 2 (pinned)" in _lines(cli(english, "contact", "show", str(contact)).output)[0]

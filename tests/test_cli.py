"""The `tidings` command: parsing, output and exit codes; the work itself is tested in its modules."""

import pytest
from click.testing import CliRunner
from conftest import read_jsonl

from tidings.cli import main


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("command", ["ingest", "export", "articles", "events"])
def test_cli_each_command_explains_itself(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "--db" in result.output and len(result.output.splitlines()) > 5


def test_cli_ingest_export_and_tables(runner, seeds, db, tmp_path):
    result = runner.invoke(main, ["ingest", str(seeds / "articles"), "--manifest", str(seeds / "manifest.jsonl"),
                                  "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 articles stored" in result.output
    result = runner.invoke(main, ["export", "--format", "jsonl", "--out", str(tmp_path / "out"), "--db", db])
    assert result.exit_code == 0
    assert len(read_jsonl(tmp_path / "out" / "articles.jsonl")) == 2
    articles = runner.invoke(main, ["articles", "--db", db])
    assert "Kashmir Observer" in articles.output and "MOSCOW" in articles.output
    events = runner.invoke(main, ["events", "--db", db])
    assert events.exit_code == 0 and "CONSULT" in events.output


def test_cli_db_from_environment(runner, seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("TIDINGS_DB", str(tmp_path / "env.db"))
    result = runner.invoke(main, ["ingest", str(seeds / "articles" / "000_5b95a3e8c0240a25.txt")])
    assert result.exit_code == 0 and (tmp_path / "env.db").exists()


def test_cli_bad_input_exits_1_with_one_line_per_error(runner, db, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Floods hit Nairobi\n\nHeavy rain flooded parts of Nairobi on Monday.",
                                     encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(tmp_path), "--db", db])
    assert result.exit_code == 1
    assert "1 articles stored" in result.output
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / 'empty.txt'}: empty file"]


def test_cli_unreachable_database_is_one_line_not_a_traceback(runner, tmp_path):
    result = runner.invoke(main, ["articles", "--db", f"sqlite:///{tmp_path}/no/such/dir/x.db"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("error: cannot open the database")

"""The `tidings` command: parsing, output and exit codes; the work itself is tested in its modules."""

import json

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


def test_cli_time_prints_value_type_and_days_on_one_line(runner):
    result = runner.invoke(main, ["time", "at 9.25 a.m. on Tuesday", "--published", "2015-11-20",
                                  "--sentence", "The talks will open at 9.25 a.m. on Tuesday."])
    assert result.exit_code == 0, result.output
    assert result.output == "2015-11-24T09:25  TIME  2015-11-24  2015-11-24  day\n"


def test_cli_time_json_and_a_duration_without_days(runner):
    result = runner.invoke(main, ["time", "for three days", "--published", "2015-11-20", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {"text": "for three days", "value": "P3D", "type": "DURATION", "start": None,
                                         "end": None, "precision": None, "basis": None, "mod": None, "quant": None,
                                         "freq": None}


def test_cli_time_no_expression_exits_1(runner):
    result = runner.invoke(main, ["time", "Boeing 747", "--published", "2015-11-20"])
    assert result.exit_code == 1 and result.output == "no time expression in 'Boeing 747'\n"


def test_cli_time_needs_text_or_batch(runner, tmp_path):
    (tmp_path / "in.jsonl").write_text("", encoding="utf-8")
    assert runner.invoke(main, ["time"]).exit_code == 2
    assert runner.invoke(main, ["time", "Monday", "--batch", str(tmp_path / "in.jsonl")]).exit_code == 2


def test_cli_time_batch_reports_a_bad_line_and_goes_on(runner, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Tuesday night", "published": "2016-11-23"}\n'
                      '{"id": "b", "text": "Monday"\n'
                      '{"id": "c", "text": "every Monday", "published": "2016-11-23"}\n', encoding="utf-8")
    result = runner.invoke(main, ["time", "--batch", str(source), "--out", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {source}:2: not a JSON object (Expecting ',' delimiter)\n"
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [(r["id"], r["value"], r["type"], r["start"], r["precision"]) for r in rows] == [
        ("a", "2016-11-22TNI", "TIME", "2016-11-22", "day"), ("c", "XXXX-WXX-1", "SET", None, None)]


def test_cli_time_batch_writes_to_stdout(runner, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 7, "text": "the 1990s", "published": null}\n', encoding="utf-8")
    result = runner.invoke(main, ["time", "--batch", str(source)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["value"] == "199"


def test_cli_events_and_articles_take_the_api_filters_and_print_its_json(runner, seeds, db):
    from fastapi.testclient import TestClient

    from tidings.api import create_app

    assert runner.invoke(main, ["ingest", str(seeds / "articles"), "--manifest", str(seeds / "manifest.jsonl"),
                                "--db", db]).exit_code == 0
    api = TestClient(create_app(db))
    for args, params in [(["--actor", "Ali Khamenei", "--type", "consult"],
                          {"actor": "Ali Khamenei", "type": "consult"}),
                         (["--country", "irn", "--sort", "date", "--limit", "2"],
                          {"country": "irn", "sort": "date", "limit": "2"})]:
        result = runner.invoke(main, ["events", "--db", db, "--json", *args])
        assert result.exit_code == 0, result.output
        printed, served = json.loads(result.output), api.get("/api/events", params=params).json()
        assert printed["items"] == served["items"] and printed["total"] == served["total"] > 0
        assert (printed["next"] is None) == (served["next"] is None)
    articles = json.loads(runner.invoke(main, ["articles", "--db", db, "--source", "Tasnim News Agency",
                                               "--json"]).output)
    assert articles["total"] == 1 and articles == {**api.get("/api/articles?source=Tasnim News Agency").json(),
                                                   "next": None}


def test_cli_tables_fit_80_columns(runner, seeds, db):
    assert runner.invoke(main, ["ingest", str(seeds / "articles"), "--manifest", str(seeds / "manifest.jsonl"),
                                "--db", db]).exit_code == 0
    for command in (["events"], ["articles"], ["events", "--actor", "Q57336"]):
        result = runner.invoke(main, [*command, "--db", db])
        assert result.exit_code == 0 and len(result.output.splitlines()) > 2, result.output
        assert max(len(line) for line in result.output.splitlines()) <= 80, result.output


@pytest.mark.parametrize("args, message", [(["--type", "nope"], "type: Choose one of"),
                                           (["--from", "someday"], "from: Use a date"),
                                           (["--stauts", "planned"], "No such option")])
def test_cli_events_bad_filters_are_usage_errors(runner, db, args, message):
    from tidings.store import Store

    Store.open(db).close()
    result = runner.invoke(main, ["events", "--db", db, *args])
    assert result.exit_code == 2 and message in result.output


def test_cli_ingest_progress_total_is_known_for_one_article_files(tmp_path):
    from tidings.sources import article_count

    for name in ("a.txt", "b.html", "notes.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert article_count([tmp_path]) == 2
    (tmp_path / "more.jsonl").write_text("{}\n", encoding="utf-8")
    assert article_count([tmp_path]) is None

from datetime import date

import pytest
from conftest import SEEDS

from tidings.errors import BadInput
from tidings.model import RawArticle
from tidings.sources import load_manifest, read_paths


def test_sources_text_folder_with_manifest():
    found = list(read_paths([SEEDS / "articles"], load_manifest(SEEDS / "manifest.jsonl")))
    assert [a.source_path for a in found] == ["000_5b95a3e8c0240a25.txt", "003_1bfbd8a9fc5ad8c4.txt"]
    assert found[0].published == date(2015, 11, 20) and found[0].source == "Kashmir Observer"


def test_sources_article_id_is_stable_and_content_derived(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nBody text.", encoding="utf-8")
    first = next(read_paths([path]))
    assert first.article_id == next(read_paths([path])).article_id
    path.write_text("Headline\n\nBody text, edited.", encoding="utf-8")
    assert next(read_paths([path])).article_id != first.article_id


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"Headline\n\nCaf\xe9 au lait \xff\xfe", "invalid UTF-8 at byte 13"),
])
def test_sources_bad_text_file_gives_one_line_error(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (error,) = read_paths([path])
    assert isinstance(error, BadInput) and reason in str(error) and str(path) in str(error)
    assert "\n" not in str(error)


def test_sources_huge_file_is_refused_whole(tmp_path, monkeypatch):
    import tidings.sources as sources
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    (error,) = read_paths([path])
    assert isinstance(error, BadInput) and "file too large" in str(error)


def test_sources_unknown_suffix_and_missing_file(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    errors = list(read_paths([tmp_path / "notes.docx", tmp_path / "missing.txt"]))
    assert ["unsupported file type" in str(errors[0]), "no such file" in str(errors[1])] == [True, True]


def test_sources_malformed_manifest_lines_name_file_and_line(tmp_path):
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"file": "a.txt", "published": "2015-11-20"}\n'
                        '{"file": "b.txt", "published": "20 Nov"}\n'
                        'not json\n'
                        '["a list"]\n'
                        '{"file": "c.txt", "source": "Wire"}\n', encoding="utf-8")
    loaded = load_manifest(manifest)
    assert sorted(loaded.entries) == ["a.txt", "b.txt", "c.txt"]  # b.txt keeps its entry, without the bad day
    assert loaded.entries["b.txt"]["published"] is None
    assert [e.line for e in loaded.errors] == [2, 3, 4]
    assert "field 'published': '20 Nov' is not a day" in loaded.errors[0].reason
    assert all(str(manifest) in str(e) for e in loaded.errors)


def test_sources_folder_walk_skips_the_manifest_itself(seeds):
    found = list(read_paths([seeds], load_manifest(seeds / "manifest.jsonl")))
    assert all(isinstance(a, RawArticle) for a in found) and len(found) == 2


def test_text_only_unicode_white_space_is_an_empty_file(tmp_path):
    """bytes.strip() keeps U+001C and U+2028; a file of them is no article (found by test_fuzz)."""
    path = tmp_path / "blank.txt"
    path.write_bytes("\x1c \u2028\u3000\n".encode())
    [error] = read_paths([path])
    assert isinstance(error, BadInput) and "empty file" in error.reason

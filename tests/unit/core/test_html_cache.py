"""The rendered-HTML cache: by text and scheme, bounded, and only for the same renderer."""

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from roadmap_desktop.core import html_cache
from roadmap_desktop.core.html_cache import KEEP, HtmlCache


def test_a_saved_rendering_is_found_by_the_same_text_and_scheme_only(tmp_path: Path):
    cache = HtmlCache()
    cache.load(tmp_path / "cache" / "rendered.json")  # no file yet: empty
    cache.put("# Title", False, "<h1>light</h1>")
    cache.put("# Title", True, "<h1>dark</h1>")
    cache.save()
    again = HtmlCache()
    again.load(tmp_path / "cache" / "rendered.json")
    assert again.get("# Title", False) == "<h1>light</h1>"
    assert again.get("# Title", True) == "<h1>dark</h1>"
    assert again.get("# Title ", False) is None
    assert again.get("# Other", False) is None
    assert not (tmp_path / "cache" / "rendered.json.partial").exists()


def test_another_renderer_or_a_damaged_file_gives_an_empty_cache(tmp_path: Path, monkeypatch):
    path = tmp_path / "rendered.json"
    cache = HtmlCache()
    cache.load(path)
    cache.put("text", False, "<p>text</p>")
    cache.save()
    monkeypatch.setattr(html_cache, "renderer_stamp", lambda: "a newer renderer")
    cache.load(path)
    assert cache.get("text", False) is None
    for damaged in ("{not json", "[]", json.dumps({"renderer": "a newer renderer", "entries": 3})):
        path.write_text(damaged, encoding="utf-8")
        cache.load(path)
        assert cache.get("text", False) is None


def test_the_stamp_follows_the_renderer_files(tmp_path: Path, monkeypatch):
    source = tmp_path / "fake_renderer.py"
    source.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(html_cache, "RENDERER_MODULES", ("fake_renderer",))
    before = html_cache.renderer_stamp()
    source.write_text("x = 22\n", encoding="utf-8")
    assert html_cache.renderer_stamp() != before


def test_a_failed_save_is_quiet(tmp_path: Path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    cache = HtmlCache()
    cache.load(blocker / "rendered.json")
    cache.put("text", False, "<p>text</p>")
    cache.save()  # no exception: the next start renders again
    assert blocker.read_text(encoding="utf-8").startswith("a file")


@given(st.lists(st.tuples(st.text(max_size=20), st.booleans()), max_size=3 * KEEP))
def test_the_most_recent_texts_are_kept_and_each_maps_to_its_own_html(puts):
    cache = HtmlCache()
    for text, dark in puts:
        cache.put(text, dark, f"{dark}:{text}")
    recent: list[tuple[str, bool]] = []
    for item in reversed(puts):
        if item not in recent:
            recent.append(item)
    for text, dark in recent[:KEEP]:
        assert cache.get(text, dark) == f"{dark}:{text}"
    for text, dark in recent[KEEP:]:
        assert cache.get(text, dark) is None

"""Turn an import file's bytes into text: UTF-8 (with or without BOM), else Windows-1252."""

from __future__ import annotations

from roadmap_desktop.core.errors import ImportFormatError

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_FIELD_CHARS = 100_000  # one CSV field, one bookmark title or description


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """The file's text and any warnings; ImportFormatError when it is not readable text.

    UTF-8 is expected. Spreadsheet programs on Windows save "CSV" as Windows-1252, so such a
    file is read that way with a warning (the preview shows the letters before anything is
    written). UTF-16 and binary files are refused.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFormatError(name, f"the file is larger than {MAX_IMPORT_BYTES // 2**20} MB")
    if not data.strip():
        raise ImportFormatError(name, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFormatError(
            name, "the file is UTF-16 text; save it again as UTF-8 (\u201cCSV UTF-8\u201d)"
        )
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFormatError(
                name,
                f"the file is not UTF-8 text (byte {exc.start} cannot be read); "
                "save it again as UTF-8",
                line=line,
            ) from None
        warnings.append(
            f"{name} is not UTF-8 (first at line {line}); it was read as Windows-1252. "
            "Check accented letters before importing."
        )
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ImportFormatError(name, "it contains NUL bytes: it is not a text file", line=line)
    return text, warnings

"""The text of a Word (.docx) plan, written the way the plan reader reads a pasted one.

Plans are issued as Word files. Rather than a second reader, the document becomes the text a
careful paste would give: one line per paragraph, tables where they stand as pipe tables (the
header table above the title, issuer beside the national motto, as the lines of its cells), a
heading style as Markdown "#" marks, a paragraph in bold throughout as emphasis, and a paragraph
numbered by Word's automatic lists (whose "1." or "a)" is not in its text) as a "-" item, or as a
heading when it is bold throughout ("III. TỔ CHỨC THỰC HIỆN" numbered by Word)."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

_TEXT, _TAB, _BREAK, _DELETED = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:del")
# what Word writes as elements of their own: a space, a hyphen that does not break, an optional hyphen
_SIGNS = {_TAB: " ", _BREAK: " ", qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}


def docx_text(path: Path | str) -> str:
    """Raises ValueError (message in Vietnamese, names the file) when the file is not a .docx."""
    path = Path(path)
    try:
        document = Document(str(path))
    except Exception as exc:  # a zip that is not Word's, an old .doc renamed, a damaged file
        raise ValueError(f"Tệp kế hoạch «{path.name}» không mở được như tệp Word .docx ({type(exc).__name__}). "
                         "Mở bằng Word và lưu lại dạng .docx, hoặc dán văn bản vào một tệp .txt.") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_paragraph_line(block))
        elif _is_header_table(block, started=any(lines)):
            lines += [_text(p) for row in block.rows for cell in _distinct(row.cells) for p in cell.paragraphs]
        else:
            lines += ["", *_table_lines(block), ""]
    return "\n".join(lines)


def _is_header_table(table: Table, started: bool) -> bool:
    """The table a document opens with, or the one holding the national motto: issuer, number and
    date beside "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", read as the lines of its cells."""
    if not started:
        return True
    return any("CỘNG HÒA" in text.upper() or "CỘNG HOÀ" in text.upper()
               for row in table.rows for cell in row.cells for text in [cell.text])


def _distinct(cells: list) -> list:
    """A merged cell once (python-docx lists it for every column it spans)."""
    return [cell for i, cell in enumerate(cells) if i == 0 or cell._tc is not cells[i - 1]._tc]


def _text(paragraph: Paragraph) -> str:
    """The paragraph as it reads on screen: text inserted with tracked changes counts (python-docx's
    .text leaves it out), deleted text does not; a line break typed with Shift+Enter or a tab is a space."""
    parts = []
    for element in paragraph._p.iter(_TEXT, *_SIGNS):
        if any(ancestor.tag == _DELETED for ancestor in element.iterancestors()):
            continue
        parts.append(element.text or "" if element.tag == _TEXT else _SIGNS[element.tag])
    return " ".join("".join(parts).split())


def _paragraph_line(paragraph: Paragraph) -> str:
    text = _text(paragraph)
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith(("heading", "title")):
        level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
        return "#" * min(max(level, 1), 6) + " " + text
    bold = _all_bold(paragraph)
    if (level := _list_level(paragraph)) is not None:
        if bold and not text.endswith((".", ";")) and "%" not in text:  # a section heading numbered by Word
            return "#" * min(level + 2, 6) + " " + text  # "#" is the document's title, as in a Markdown plan
        text = f"- {text}"
    return f"**{text}**" if bold and not text.startswith("- ") else text


def _all_bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _list_level(paragraph: Paragraph) -> int | None:
    """The level (0 the outermost) in one of Word's automatic lists, set on the paragraph or by its
    style ("List Bullet", "List Number" and styles based on them); None outside any list.
    python-docx has no public accessor for numbering."""
    properties = paragraph._p.pPr
    style = paragraph.style
    while properties is None or properties.numPr is None:
        if style is None:
            return None
        properties, style = style.element.pPr, style.base_style
    level = properties.numPr.ilvl
    return int(level.val) if level is not None and level.val is not None else 0


def _table_lines(table: Table) -> list[str]:
    lines = []
    for number, row in enumerate(table.rows):
        # a merged cell is repeated in every column it spans, so a heading "Đến năm 2030" over two
        # columns stands over both and the cells of every row stay in line
        cells = [" ".join(" ".join(_text(p) for p in cell.paragraphs).split()).replace("|", "/") for cell in row.cells]
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + "---|" * len(cells))
    return lines

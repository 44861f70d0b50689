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
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

_TEXT, _TAB, _BREAK = qn("w:t"), qn("w:tab"), qn("w:br")
_PARAGRAPH, _TABLE, _CONTENT_CONTROL, _CONTROL_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TEXT_BOX, _FOOTNOTE_REFERENCE = qn("w:txbxContent"), qn("w:footnoteReference")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Text that is not read where it stands: deleted or moved away with tracked changes; the copy of a text
# box Word keeps for older readers (mc:Fallback); a text box's own paragraphs (lines of their own)
_NOT_HERE = {qn("w:del"), qn("w:moveFrom"), _FALLBACK, _TEXT_BOX}
# what Word writes as elements of their own: a space, a hyphen that does not break, an optional hyphen
_SIGNS = {_TAB: " ", _BREAK: " ", qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def docx_text(path: Path | str) -> str:
    """Raises ValueError (message in Vietnamese, names the file) when the file is not a .docx."""
    path = Path(path)
    try:
        document = Document(str(path))
    except Exception as exc:  # a zip that is not Word's, an old .doc renamed, a damaged file
        raise ValueError(f"Tệp kế hoạch «{path.name}» không mở được như tệp Word .docx ({type(exc).__name__}). "
                         "Mở bằng Word và lưu lại dạng .docx, hoặc dán văn bản vào một tệp .txt.") from exc
    notes = _footnotes(document)
    lines: list[str] = []
    for block in _body_blocks(document.element.body, document._body):
        if isinstance(block, Paragraph):
            lines += [_paragraph_line(p, notes) for p in _with_boxes(block)]
        elif _is_header_table(block, started=any(lines)):
            lines += [_text(q, notes) for row in block.rows for cell in _distinct(row.cells) for p in cell.paragraphs
                      for q in _with_boxes(p)]
        else:
            lines += ["", *_table_lines(block, notes), ""]
    return "\n".join(lines)


def _with_boxes(paragraph: Paragraph) -> list[Paragraph]:
    """The paragraph, then the paragraphs of the text boxes anchored in it (lines of their own, after it), a
    box within a box after the paragraph that holds it: every text once, in the body, a table cell or the
    header table alike."""
    found = [paragraph]
    for box in paragraph._p.iter(_TEXT_BOX):
        if not _under(box, {_FALLBACK, _TEXT_BOX}, paragraph._p):  # its own boxes only: the inner ones in turn
            found += [q for p in box.iterchildren(_PARAGRAPH) for q in _with_boxes(Paragraph(p, paragraph._parent))]
    return found


def _body_blocks(element, parent):
    """The body's paragraphs and tables in order, those inside content controls (w:sdt) too, which
    python-docx's iter_inner_content() passes over."""
    for child in element:
        if child.tag == _PARAGRAPH:
            yield Paragraph(child, parent)
        elif child.tag == _TABLE:
            yield Table(child, parent)
        elif child.tag == _CONTENT_CONTROL and (content := child.find(_CONTROL_CONTENT)) is not None:
            yield from _body_blocks(content, parent)


def _footnotes(document) -> dict[str, str]:
    """Footnote id → its text. A plan's footnote can complete a target («… bậc 4 trở lên¹», ¹ «và có
    ngoại ngữ chuyên ngành»): it is read in brackets where its mark stands."""
    for relationship in document.part.rels.values():
        if relationship.reltype == _FOOTNOTES and not relationship.is_external:
            root = parse_xml(relationship.target_part.blob)
            return {note.get(qn("w:id")): text for note in root.iter(qn("w:footnote"))
                    if note.get(qn("w:type")) in (None, "normal")
                    and (text := " ".join(_text(Paragraph(p, None)) for p in note.iter(_PARAGRAPH)).strip())}
    return {}


def _under(element, tags: set[str], within=None) -> bool:
    """An ancestor of `element` (up to `within`, not beyond) has one of these tags."""
    for ancestor in element.iterancestors():
        if ancestor is within:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _is_header_table(table: Table, started: bool) -> bool:
    """The table a document opens with, or the one holding the national motto: issuer, number and
    date beside "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", read as the lines of its cells. An annex that
    opens with its table of targets (percentages, no motto) is a table."""
    texts = [cell.text.upper() for row in table.rows for cell in row.cells]
    if any("CỘNG HÒA" in text or "CỘNG HOÀ" in text for text in texts):
        return True
    return not started and not any("%" in text for text in texts)


def _distinct(cells: list) -> list:
    """A merged cell once (python-docx lists it for every column it spans)."""
    return [cell for i, cell in enumerate(cells) if i == 0 or cell._tc is not cells[i - 1]._tc]


def _text(paragraph: Paragraph, notes: dict[str, str] | None = None) -> str:
    """The paragraph as it reads on screen: text inserted with tracked changes counts (python-docx's
    .text leaves it out), deleted or moved-away text does not; a line break typed with Shift+Enter or
    a tab is a space; a footnote's text stands in brackets at its mark."""
    parts = []
    for element in paragraph._p.iter(_TEXT, _FOOTNOTE_REFERENCE, *_SIGNS):
        if _under(element, _NOT_HERE, paragraph._p):
            continue
        if element.tag == _FOOTNOTE_REFERENCE:
            if note := (notes or {}).get(element.get(qn("w:id"))):
                parts.append(f" ({note})")
            continue
        parts.append(element.text or "" if element.tag == _TEXT else _SIGNS[element.tag])
    return " ".join("".join(parts).split())


def _paragraph_line(paragraph: Paragraph, notes: dict[str, str] | None = None) -> str:
    text = _text(paragraph, notes)
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


def _table_lines(table: Table, notes: dict[str, str]) -> list[str]:
    lines = []
    for number, row in enumerate(table.rows):
        # a merged cell is repeated in every column it spans, so a heading "Đến năm 2030" over two
        # columns stands over both and the cells of every row stay in line
        cells = [" ".join(" ".join(_text(q, notes) for p in cell.paragraphs for q in _with_boxes(p)).split())
                 .replace("|", "/") for cell in row.cells]
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + "---|" * len(cells))
    return lines

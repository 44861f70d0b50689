"""Reading a plan (Kế hoạch) the way a person does: its structure, its metadata and its targets.

text → lines → blocks (headings, items, paragraphs) → sentences → clauses → targets.
Every target keeps the exact sentence it came from; a sentence that looks like a target but
cannot be understood is kept in `unparsed` with the reason, never dropped."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from charset_normalizer import from_bytes

from tiendo.config import load_groups, tier_labels
from tiendo.levels import LANGUAGE_NAMES, framework_level
from tiendo.model import TIERS, Focus, Phase, Plan, PlanBlock, Target, Task
from tiendo.text import drop_invisible, fold_aligned, nfc


# -- structure -----------------------------------------------------------------------------------
_ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_H_ROMAN = re.compile(rf"^({_ROMAN})(?:\.|\s)\s*(\S.*)$")
_H_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_H_LETTER = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_BULLET = re.compile(r"^([-+•*–\uf0b7\uf0a7·])\s+(\S.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_EMPHASIS = re.compile(r"^[*_]{1,3}(.*?)[*_]{1,3}$")
_SENTENCE_END = re.compile(r"[.;:!?…)”\"]$")
_PAGE_MARK = re.compile(r"(?:[Tt]rang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?|-\s*\d{1,3}\s*-")


@dataclass
class _Line:
    text: str  # without markup
    raw: str  # the line as in the file, trimmed
    heading_marks: int  # number of leading "#"
    emphasised: bool  # the whole line was bold/italic


def _clean(line: str) -> _Line:
    raw = line.strip()
    text = raw
    marks = 0
    if match := _MD_HEADING.match(text):
        marks, text = len(match[1]), match[2]
    emphasised = False
    while (match := _EMPHASIS.match(text)) and match[1].strip():
        text, emphasised = match[1].strip(), True
    text = text.replace("**", "").replace("\\", "").rstrip()
    return _Line(text.strip(), raw, marks, emphasised)


def _content_of(raw: str) -> str:
    """The line as written, minus a leading bullet and a wrapping emphasis: the quote."""
    text = raw.strip()
    if match := _BULLET.match(text):
        text = match[2]
    while (match := _EMPHASIS.match(text)) and match[1].strip():
        text = match[1].strip()
    return text.strip()


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _classify(line: _Line) -> PlanBlock:
    text = line.text
    short = len(text) <= 160
    unfinished = not text.endswith((".", ";"))
    if match := _H_ROMAN.match(text):
        if match[1] and (_is_upper(match[2]) or line.heading_marks or line.emphasised or (short and unfinished)):
            return PlanBlock("heading", match[2].strip(), 1, match[1])
    if match := _H_NUMBER.match(text):
        number = match[1]
        depth = number.count(".") + 2
        if line.heading_marks or line.emphasised or (short and unfinished and len(text) <= 120):
            return PlanBlock("heading", match[2].strip(), depth, number)
        return PlanBlock("item", match[2].strip(), depth, number)
    if match := _H_LETTER.match(text):
        if line.heading_marks or line.emphasised or (len(text) <= 80 and (text.endswith(":") or unfinished)):
            return PlanBlock("heading", match[2].strip(), 5, match[1])
        return PlanBlock("item", match[2].strip(), 1, match[1])
    if match := _BULLET.match(text):
        return PlanBlock("item", match[2].strip(), 0, match[1])
    if line.heading_marks or (line.emphasised and short and unfinished):
        return PlanBlock("heading", text, max(1, line.heading_marks - 1), "")
    return PlanBlock("paragraph", text, 0, "")


# A line that cannot end a sentence (it ends on a joining word), and one that starts with a level
# ("đạt trình độ ngoại ngữ" / "B2 trở lên …"): the hard line breaks of a text copied from a PDF.
_OPEN_END = re.compile(r"\b(?:và|hoặc|của|cho|các|những|đạt|là|có|với|theo|tại|trong|về|từ|đến|bậc|dưới|trên|được|"
                       r"để|thuộc|gồm|trình độ)$", re.IGNORECASE)
_LEVEL_START = re.compile(r"(?:[ABC][12]|bậc [1-6IV]+)\b", re.IGNORECASE)


def _percent_without_level(text: str) -> bool:
    """A target cut before its level: a percentage and a staff group, no level yet."""
    folded = fold_aligned(text)
    return bool(re.search(r"\d\s*%", text) and re.search(r"can bo|cong chuc|vien chuc", folded)) \
        and framework_level(folded) is None


def _continues(previous: str, line: _Line) -> bool:
    """The line goes on with the sentence before it, cut by a page break or by the hard line breaks
    of a text copied from a PDF: that sentence is unfinished and the line starts with a lower-case
    word, an opening bracket, a number read with the word before it ("bậc" / "4 trở lên") or the
    end of an open bracket ("… dưới" / "40 tuổi) đạt …")."""
    text = line.text
    if line.heading_marks or _BULLET.match(text):
        return False
    if _SENTENCE_END.search(previous):  # "… dưới 40 tuổi)" / "đạt trình độ …": a bracket closed mid-sentence
        return previous.endswith(")") and text[:1].islower() and _classify(line).kind == "paragraph"
    if re.match(r"\d{1,3} [a-zđà-ỹ]", text):  # not "2. Mục tiêu", not "3. 20% cán bộ …"
        return True
    if re.search(r"\b(?:đến|tới|vào|hết|cuối) năm$", previous, re.IGNORECASE) and re.match(r"20\d\d\b(?!\s*[-–])", text):
        # "Đến năm" / "2030, 30% …"
        return True
    if "|" in previous or "|" in text or "\t" in line.text:  # table rows are joined by the table reader, not here
        return False
    if _classify(line).kind == "paragraph" and _percent_without_level(previous) and framework_level(fold_aligned(text)) \
            and not re.search(r"\d\s*%", text) and not text.rstrip().endswith(":"):
        return True  # "20% … thuộc tỉnh Lạng Sơn và huyện" / "Đình Lập … đạt trình độ ngoại ngữ bậc 3 trở lên."
    if _OPEN_END.search(previous) or _LEVEL_START.match(text):  # "- 60% viên chức và" / "50% viên chức …"
        return _classify(line).kind == "paragraph" or bool(re.match(r"\d{1,3}(?:[.,]\d+)?\s*%", text))
    if _classify(line).kind != "paragraph":  # "b) Đến năm 2030:" after an unfinished line is a heading still
        return False
    return text[:1].islower() or text.startswith("(") or previous.count("(") > previous.count(")")


def _blocks(text: str) -> tuple[list[PlanBlock], list[str]]:
    """Blocks and, beside each, the source text it came from (for exact quotes)."""
    blocks: list[PlanBlock] = []
    sources: list[str] = []
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        line = _clean(raw)
        if not line.text or set(line.text) <= set("-*_=|: ") or _PAGE_MARK.fullmatch(line.text):
            continue
        block = _classify(line)
        source = _content_of(raw)
        previous = blocks[-1] if blocks else None
        if previous and previous.kind in ("paragraph", "item") and _continues(previous.text, line):
            blocks[-1] = PlanBlock(previous.kind, previous.text + " " + line.text, previous.level, previous.number)
            sources[-1] = sources[-1] + " " + raw.strip()
            continue
        blocks.append(block)
        sources.append(source)
    return blocks, sources


# -- metadata ------------------------------------------------------------------------------------
_TIER_WORDS = "tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn"
_ISSUER_UBND = re.compile(rf"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+({_TIER_WORDS})\s+(?=(.*))")
_ISSUER_AREA = re.compile(rf"trên địa bàn\s+({_TIER_WORDS})\s+(?=(.*))")
_LEGAL_BASIS = re.compile(r"^\W*(Căn cứ|Xét|(Thực hiện|Theo|Triển khai) (Công văn|Quyết định|Kế hoạch|Nghị quyết|"
                          r"Chỉ thị|Thông tư|Văn bản|Chương trình))")
_HEADER_UBND = re.compile(rf"^(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND)\s+({_TIER_WORDS.upper()}|ĐẶC KHU)\s+(.+)$")
# Central bodies not named "Bộ …", as they write their names: their staff are central-level. The
# one list the header reading, the names' case and the central issuer test all come from.
CENTRAL_BODIES = ("Bảo hiểm xã hội Việt Nam", "Ngân hàng Nhà nước Việt Nam", "Ngân hàng Nhà nước", "Thanh tra Chính phủ", "Ủy ban Dân tộc",
                  "Văn phòng Chính phủ", "Kiểm toán Nhà nước", "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao",
                  "Đại học Quốc gia Hà Nội", "Đại học Quốc gia Thành phố Hồ Chí Minh", "Thông tấn xã Việt Nam",
                  "Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam")
_NATIONAL_ISSUERS = ("Thủ tướng Chính phủ", "Chính phủ")  # the national programme's own: every tier, not central only
# An issuing body named in a header: a ministry or central body, a provincial department, a
# party committee (never "ỦY BAN NHÂN DÂN …", read above)
_MINISTRY = re.compile(r"^(BỘ|BAN|SỞ|TỔNG CỤC|CỤC|TỈNH ỦY|THÀNH ỦY|VĂN PHÒNG|TÒA ÁN|VIỆN KIỂM SÁT|KIỂM TOÁN|UỶ BAN DÂN TỘC|"
                       + "|".join(name.upper() for name in (*CENTRAL_BODIES, *_NATIONAL_ISSUERS)) + r")"
                       r"(?:\s+[A-ZĐÀ-Ỹ ,\-–]+)?$")
# The national motto stands beside the issuer in a document's header (two columns of a Word table,
# or one line with a tab or spaces between): the issuer is what comes before it.
_HEADER_COLUMNS = re.compile(r"\t|\||\s(?=CỘNG HÒA|CỘNG HOÀ|Độc lập)")
_NUMBER = re.compile(r"Số\s*:?\s*(\d+[\w/\-.]*)")
_FULL_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_MONTH_DATE = re.compile(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_VN_UPPER = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"


def _title_case(text: str) -> str:
    """"HẢI DƯƠNG" → "Hải Dương" (place names capitalise every word)."""
    return " ".join(word[:1] + word[1:].lower() for word in text.split())


def _proper_name(text: str) -> str:
    """The capitalised words at the start of `text` ("Dương Minh Châu phấn đấu" → "Dương Minh Châu")."""
    words = []
    for word in text.split(" "):
        word = word.strip()
        clean = word.rstrip(",.;:)*\"”")
        if not clean or not clean[0].isupper() or any(ch in clean for ch in "*\n"):
            break
        words.append(clean)
        if clean != word:
            break
    return " ".join(words)


# Bodies whose names do not follow "Bộ" + capitalised parts, as they write themselves
_AGENCY_NAMES = {name.upper(): name for name in (*CENTRAL_BODIES, *_NATIONAL_ISSUERS)}


def _agency_case(upper: str) -> str:
    """"BỘ GIÁO DỤC VÀ ĐÀO TẠO" → "Bộ Giáo dục và Đào tạo": each part of the name starts upper case;
    a place after "tỉnh", "thành phố", … is a proper name ("BAN DÂN TỘC TỈNH HÀ SƠN" → "… tỉnh Hà Sơn"),
    and so is the party's committee ("Ban Tổ chức Tỉnh ủy")."""
    if upper.replace("UỶ", "ỦY") in _AGENCY_NAMES:
        return _AGENCY_NAMES[upper.replace("UỶ", "ỦY")]
    words = upper.lower().split()
    head = 2 if words[:2] in (["ủy", "ban"], ["uỷ", "ban"], ["văn", "phòng"]) else 1  # "Ủy ban Dân tộc"
    out, start, place = [], True, False
    for i, word in enumerate(words):
        committee = i + 1 < len(words) and words[i + 1] in ("ủy", "uỷ")
        after_committee = i > 0 and word in ("ủy", "uỷ") and words[i - 1] in ("tỉnh", "thành", "huyện", "quận")
        if i == 0 or (i >= head and (place or committee or (start and word != "và")) and not after_committee):
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
        start = i == head - 1 or word in ("và", "-") or word.endswith(",")
        place = place or (i > 0 and not committee and (word in ("tỉnh", "huyện", "quận") or after_committee
                                                       or (word in ("phố", "xã") and words[i - 1] in ("thành", "thị"))))
    return " ".join(out)


def _header_names(header: list[str]) -> list[str]:
    """The upper-case lines of the header's left column, a name broken over two lines joined
    ("ỦY BAN NHÂN DÂN" over "TỈNH TÂY NINH"): the body above, then the issuer under it."""
    names: list[str] = []
    for line in header:
        parts = _HEADER_COLUMNS.split(line.replace("*", ""))
        plain = next((part.strip() for part in parts if part.strip()), "")
        if not plain or not _is_upper(plain) or re.match(r"CỘNG HO?ÒA|ĐỘC LẬP|SỐ\b", plain):
            continue
        if names and re.fullmatch(r"(?:ỦY|UỶ) BAN NHÂN DÂN|UBND", names[-1]) and re.match(rf"(?:{_TIER_WORDS.upper()})\s", plain):
            names[-1] = f"{names[-1]} {plain}"
        else:
            names.append(plain)
    return names


def _issuer(text: str, header: list[str]) -> str | None:
    names = _header_names(header)
    for position, name in enumerate(names):
        below = names[position + 1] if position + 1 < len(names) else ""
        if _MINISTRY.match(below):  # "UBND TỈNH ĐỒNG THÁP" over "SỞ GIÁO DỤC VÀ ĐÀO TẠO": the Sở issues it
            return _agency_case(below)
        if match := _HEADER_UBND.match(name):
            return f"UBND {match[1].lower()} {_title_case(match[2])}"
        if _MINISTRY.match(name):
            return _agency_case(name)
    # Legal bases ("Căn cứ Quyết định … của UBND tỉnh …") name other bodies: skip them.
    lines = [line for line in text.split("\n") if line.strip() and not _LEGAL_BASIS.match(line)]
    for pattern in (_ISSUER_UBND, _ISSUER_AREA):
        for line in lines:
            for match in pattern.finditer(line):
                name = _proper_name(match[2])
                if name:
                    return f"UBND {match[1]} {name}"
    if match := re.search(r"\b(Bộ\s+[A-ZĐÀ-Ỹ][^\s,.;:()]*(?:\s+[a-zđà-ỹ][^\s,.;:()]*){0,4})\s+(?:ban hành|xây dựng)", text):
        return match[1]
    return None


def _metadata(text: str, blocks: list[PlanBlock]) -> tuple[str, str | None, str | None, str | None]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # The header: what stands before the word "KẾ HOẠCH" (or the first lines if there is none).
    cut = next((i for i, line in enumerate(lines) if re.fullmatch(r"[#*\s]*KẾ HOẠCH[*\s]*", line)), None)
    # a Quyết định (a ministry's plan is often one) has its header before that word instead
    decision = next((i for i, line in enumerate(lines) if re.fullmatch(r"[#*\s]*QUYẾT ĐỊNH[*\s]*", line)), None)
    header = lines[: cut if cut is not None else decision if decision is not None else 12]
    header_text = "\n".join(header)
    number = match[1] if (match := _NUMBER.search(header_text)) else None
    date = None
    if match := _FULL_DATE.search(header_text):
        date = f"{int(match[1]):02d}/{int(match[2]):02d}/{match[3]}"
    elif match := _MONTH_DATE.search(header_text):
        date = f"{int(match[1]):02d}/{match[2]}"
    title = "Kế hoạch"
    if cut is not None and cut + 1 < len(lines):
        subject = _clean(lines[cut + 1]).text
        for line in lines[cut + 2: cut + 5]:  # a title broken over lines (text copied from a PDF)
            more = _clean(line).text
            if not more or not more[0].islower():
                break
            subject = f"{subject} {more}"
        if subject:
            title = "Kế hoạch " + subject[:1].lower() + subject[1:]
    else:
        first = next((b.text for b in blocks if b.kind == "heading"), None)
        if first:
            title = first
    return title, _issuer(text, header), number, date


# -- targets -------------------------------------------------------------------------------------
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*(?:%|phan tram)")
# («đến tháng 12/2025» is a target's date; «trong tháng 12/2020», «vào tháng …» an event's)
_YEAR_CONTEXT = re.compile(r"(?:(?:den|toi|vao|trong|truoc) (?:het |cuoi )?(?:nam |(?:ngay )?\d{1,2}[/.-]\d{1,2}[/.-]"
                           r"|ngay \d{1,2} thang \d{1,2} nam )?|(?:den|toi|truoc) (?:het |cuoi )?thang \d{1,2}(?: nam |[/.-]))"
                           r"(20\d\d)\b(?! ?[-–])"
                           r"|giai doan (?:[ivx]+|\d)?\W{0,3}(?:20\d\d)\s*[-–]\s*(20\d\d)")
_YEAR_ANY = re.compile(r"\bnam (20\d\d)\b")
_PROGRAMME_PERIOD = re.compile(r"giai doan 2019\s*[-–]\s*2030")
# a date ("ngày 24 tháng 01 năm 2014", "tháng 12 năm 2020") or a document's number and year ("Kế hoạch số
# 120/KH-UBND năm 2021", "Nghị quyết số 05-NQ/HU năm 2020"): a document cited or signed, never a target's year
_DATE_PHRASE = re.compile(r"(?:ngay \d{1,2} )?thang \d{1,2} nam \d{4}|\b\d+[-/][\w./-]*[a-z][\w./-]*\s+nam \d{4}")


def _years_said(folded: str) -> list[re.Match]:
    """"năm 20xx" in a sentence, less those that are part of a date."""
    dates = [m.span() for m in _DATE_PHRASE.finditer(folded)]
    return [m for m in _YEAR_ANY.finditer(folded) if not any(a <= m.start() < b for a, b in dates)]


def _year_said(folded: str, last: bool = False) -> int | None:
    """The target year a text names: "năm 2025" (not in a date), else, where the text opens (before
    any percentage: after one, "… mục tiêu giai đoạn 2019 - 2030" is not the target's year), "đến
    hết 2025" or "giai đoạn 2021 - 2025" without the word "năm"; the first one, or the last with `last`."""
    if said := _years_said(folded):
        return int(said[-1 if last else 0][1])
    opening = folded[:m.start()] if (m := _PERCENT.search(folded)) else folded
    if spans := list(_YEAR_CONTEXT.finditer(opening)):
        found = spans[-1 if last else 0]
        return int(found[1] or found[2])
    return None
_STAFF_WORDS = r"can bo|cong chuc|vien chuc|cbcc|cbccvc|\bc?cvc\b|\bvc\b"  # who a target is for, folded
_STAFF = re.compile(_STAFF_WORDS)
_FOCUS = re.compile(r"\(?\s*((?:tap trung (?:vao|cho|uu tien)|uu tien(?: cho| doi voi)?) [^);]*?)\s*(?:\)|;|(?= dat ))")
_AGE = re.compile(r"duoi (\d{2}) tuoi")
_SPECIALIZED = re.compile(r"ngoai ngu chuyen nganh|(?<!nghe nghiep )(?<!tieu chuan )(?<!chuc danh )chuyen nganh")
# "(chưa yêu cầu ngoại ngữ chuyên ngành)", "không bắt buộc ngoại ngữ chuyên ngành": said, and not asked for
_NOT_SPECIALIZED = re.compile(r"\b(?:chua|khong)\s+(?:(?:bat buoc|yeu cau|can|doi hoi|tinh|xet)\s+)+(?:\S+\s+){0,3}?"
                              r"(?:ngoai ngu )?chuyen nganh")


def _says_specialized(folded: str) -> bool:
    """Whether a (folded) text asks for ngoại ngữ chuyên ngành."""
    return bool(_SPECIALIZED.search(_NOT_SPECIALIZED.sub(" ", folded)))
_CENTRAL = re.compile(r"trung uong|bo, nganh|bo nganh|cac bo\b|co quan bo|cap bo|thuoc bo\b|cua bo\b|toan bo nganh")
# Issuers whose own staff are central-level: in their plans "cán bộ, công chức" means cbcc_trung_uong.
_CENTRAL_ISSUER = re.compile(r"^(bo|ban(?!.*\b(?:tinh|thanh pho|huyen|quan|thi xa|thanh uy|thi uy)\b)|tong cuc|"
                             + "|".join(re.escape(fold_aligned(name)) for name in CENTRAL_BODIES) + r")\b")
# "cấp tỉnh", "tỉnh, …"; a centrally-run city's own tier: "cấp thành phố, cấp quận, huyện"
_PROVINCE = re.compile(r"cap tinh|\btinh, (?:cap )?huyen|\btinh va (?:cap )?(?:huyen|xa)\b|\bo tinh\b|cap thanh pho")
_COMMUNE = re.compile(r"(?:cong chuc|can bo|quan ly|lanh dao|cua|thuoc) (?:xa|phuong|thi tran|dac khu)\b|cap xa|xa, phuong, thi tran|xa, phuong|phuong, xa|cap co so|cac xa\b|xa, thi tran|xa, dac khu")
_LEADER = re.compile(r"lanh dao|quan ly|chu chot(?![^(]*\))")  # «cán bộ chủ chốt cấp xã»: its leaders, not «(gồm cán bộ chủ chốt …)»
_NOT_A_POST = re.compile(r"\b(?:do|thuoc|truc thuoc)\s+(?:\S+\s+){0,5}?quan ly|\bco quan quan ly|\bban quan ly\b")


def _leaders(segment: str) -> bool:
    """The segment names leaders or managers ("viên chức giữ chức vụ lãnh đạo, quản lý"), not the
    body that manages a unit ("đơn vị sự nghiệp do tỉnh quản lý")."""
    return bool(_LEADER.search(_NOT_A_POST.sub(" ", segment)))


@dataclass
class _Context:
    year: int | None = None
    level: int | None = None
    years: tuple[int, ...] = ()  # every year said earlier in the sentence ("Đến năm 2025 và năm 2030, …; …")
    issuer: str = ""  # whose plan: "xa" (a commune's: its cán bộ, công chức are cbcc_xa), "trung_uong" (a
    # ministry's or central body's: cbcc_trung_uong), "" (a province's, a district's)
    specialized: bool = False  # the lead-in of a list asks for ngoại ngữ chuyên ngành with its level
    # the group a heading or lead-in is about («1. Đối với cán bộ, công chức cấp tỉnh, cấp huyện»), for the
    # items under it that give only a year and a share («- Đến năm 2025: 25% đạt … bậc 4 trở lên;»)
    group_words: str = ""


def _level_in(folded: str) -> int | None:
    """The bậc a sentence asks for: "bậc 4", "Bậc 4/6", "bậc IV", "trình độ B2" (one home for
    the framework's spellings: tiendo.levels)."""
    return framework_level(folded)

def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences: a full stop followed by a capital letter ends one."""
    spans, start = [], 0
    for match in re.finditer(rf"[.!?]\s+(?=[{_VN_UPPER}]|\d{{1,3}}(?:[.,]\d+)?\s*%)|[.;:]\s+(?=[-–+•]\s|[a-zđ]\)\s)", text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# A group of teachers or pupils: named first («giáo viên …», «học sinh …»), «cán bộ, giáo viên, nhân viên» of the
# schools, or «viên chức giảng dạy ngoại ngữ»; what brackets and «không bao gồm …» say only narrows a group
_SCHOOL = re.compile(r"^\W*(?:(?:cac|so|doi ngu|toan bo|100)\s+)*(?:giao vien|giang vien|hoc sinh|sinh vien)\b"
                     r"|\bcan bo, giao vien\b|\bgiang day (?:mon )?(?:ngoai ngu|tieng)")
_EXCEPT = re.compile(r"\([^)]*\)|\b(?:khong (?:bao gom|tinh|ke|ap dung(?: doi voi)?|thuoc)|tru|ngoai tru|loai tru|ngoai(?= giao vien| giang vien))\b[^);]*")


def _group_of(segment: str, clause: str, issuer: str = "") -> tuple[str | None, str]:
    """The group key of one "N% <group>" segment (folded text), and why not when None. `issuer`:
    _Context.issuer (whose cán bộ, công chức the plan means when no tier says otherwise)."""
    # the abbreviations offices write: "VC" viên chức, "CCVC" công chức, viên chức
    segment = re.sub(r"\bc?cvc\b", "cong chuc, vien chuc", re.sub(r"\bvc\b", "vien chuc", segment))
    segment = re.sub(r"\bcbccvc\b", "can bo, cong chuc, vien chuc", segment)
    # Teachers and pupils have their own standards (language teachers are outside the programme); «(không
    # bao gồm giáo viên ngoại ngữ …)» only narrows a group
    if _SCHOOL.search(_EXCEPT.sub(" ", segment)):
        return None, ("chỉ tiêu cho giáo viên, người giảng dạy hoặc người học của ngành giáo dục: không phải nhóm cán bộ, "
                      "công chức, viên chức của Đề án; nếu cần theo dõi, ghi vào tệp .targets.yml")
    if re.search(r"\b(?:moi |duoc )?tuyen dung(?: moi)?\b", segment):  # «100% công chức mới tuyển dụng»
        return None, ("chỉ tiêu cho người mới tuyển dụng, không phải cho cả nhóm: tiendo không theo dõi riêng; nếu cần, "
                      "ghi vào tệp .targets.yml")
    if "vien chuc" in segment and re.search(r"can bo|cong chuc|cbcc", segment.split("vien chuc")[0]):
        return None, ("nhóm gồm cả cán bộ, công chức và viên chức: kế hoạch cần nêu chỉ tiêu riêng cho "
                      "cán bộ, công chức và cho viên chức")
    if "vien chuc" in segment:
        if re.search(r"vien chuc (?:cac don vi )?(?:nganh|linh vuc|thuoc nganh|cua nganh)", segment):
            return None, ("chỉ tiêu riêng cho viên chức một ngành, lĩnh vực: nhóm viên chức là mọi viên chức; nếu cần "
                          "theo dõi, ghi vào tệp .targets.yml")
        return ("vien_chuc_lanh_dao" if _leaders(segment) else "vien_chuc"), ""
    if re.search(r"can bo|cong chuc|cbcc", segment):
        if _CENTRAL.search(segment):
            return "cbcc_trung_uong", ""
        if (_COMMUNE.search(segment) or issuer == "xa") and not (_PROVINCE.search(segment) or "cap huyen" in segment):
            return ("cbcc_xa_lanh_dao" if _leaders(segment) else "cbcc_xa"), ""
        if _leaders(segment) and not _COMMUNE.search(segment):
            return None, ("chỉ tiêu riêng cho cán bộ, công chức lãnh đạo, quản lý (ngoài cấp xã): không có nhóm này "
                          "(nhóm lãnh đạo chỉ có ở viên chức và ở cấp xã); nếu cần theo dõi, ghi vào tệp .targets.yml")
        return ("cbcc_trung_uong" if issuer == "trung_uong" else "cbcc"), ""  # a ministry's own staff
    return None, "không xác định được nhóm đối tượng (cán bộ, công chức, viên chức…)"


def _tiers_of(group: str, segment: str, defaults: dict[str, tuple[str, ...]], own: str = "") -> tuple[str, ...]:
    """The tiers a target names in `segment` (its group's words and the clause's predicate); `own`,
    the group's words alone, says whether "cấp xã" belongs to this group ("cấp tỉnh, cấp xã")."""
    found = set()
    if _PROVINCE.search(segment):
        found.add("tinh")
    if re.search(r"cap huyen|huyen,|o huyen|huyen va|cap huyen|quan, huyen|cap quan\b|\bhuyen\b|cap thi xa", segment):
        found.add("huyen")
    if _COMMUNE.search(own or segment):
        found.add("xa")
    if group == "cbcc_trung_uong":
        return ("trung_uong",)
    if group in ("cbcc_xa", "cbcc_xa_lanh_dao"):
        return ("xa",)
    if group == "cbcc" and found - {"xa"}:
        # "cấp tỉnh, cấp xã": two tiers since 01/7/2025; "cấp xã" in a cấp tỉnh, huyện target's
        # qualifier is not a tier of it
        return tuple(t for t in TIERS if t in found)
    return defaults[group]


@dataclass
class _Candidate:
    quote: str
    targets: list[Target]
    problem: str | None


# After "N%": the group itself, maybe after "số", "tổng số", "đội ngũ" or a table row's number
_GROUP_FIRST = re.compile(r"\W*(?:\d+\W+)?(?:(?:so luong|so|tong so|trong|tren|doi ngu|cac|nguoi la|tro len)\s+){0,3}"
                          rf"(?:{_STAFF_WORDS})")
# A heading or lead-in about one group: «1. Đối với cán bộ, công chức cấp tỉnh, cấp huyện», «b) Viên chức:»
_GROUP_INTRO = re.compile(r"\W*(?:(?:\d{1,2}(?:\.\d{1,2})*|[ivx]+|[a-zđ])\W+)?(?:doi voi|ve|nhom)?\s*(?:doi ngu\s+)?"
                          rf"(?:{_STAFF_WORDS})(?!\s*,\s*cong chuc\s*,\s*vien chuc)")
_ANNUAL = re.compile(r"\b(?:moi|hang) nam\b")
# What the plan found when it was written, not what it aims for ("tính đến ngày 30/6/2020, toàn huyện có 3,5% …")
_STATE_NOW = re.compile(r"tinh den (?:ngay|thoi diem|nay|thang)|\bhien nay\b|\bhien tai\b|\bhien co \d|^\W*hien co\b|\bden nay\b"
                        r"|ket qua (?:ra soat|khao sat|thong ke|dieu tra)|thuc trang|\b(?:moi|chi|da) co \d")
# ... unless it aims at a year to come (the plans' baseline is 2019-2020: "tính đến hết năm 2020, … có" is the present)
_AIM = re.compile(r"phan dau|muc tieu|(?:den|toi|vao|trong) (?:het |cuoi )?(?:nam |ngay \S+ )?(?:202[1-9]|20[3-9]\d)"
                  r"|(?<!tinh )(?:den|toi) (?:het |cuoi )?thang \d{1,2}(?: nam |[/.-])(?:202[1-9]|20[3-9]\d)"
                  r"|\d{1,2}/\d{1,2}/(?:202[1-9]|20[3-9]\d)|it nhat|toi thieu")
# What a phase-2 plan (2026-2030) says of the first phase: results, never targets, whatever year they name
_RESULTS = re.compile(r"ket qua (?:giai doan|thuc hien|dat duoc|sau)|(?:sau|qua) \d+ nam (?:trien khai|thuc hien)|vuot chi tieu"
                      r"|chua dat (?:chi tieu|muc tieu)|\bda dat duoc\b")
_AIM_ONLY = re.compile(r"phan dau|muc tieu (?:den|cu the|giai doan)")
# The national programme's own targets cited as background ("Đề án đặt mục tiêu …", "Căn cứ Quyết định
# 1659 …, với mục tiêu …"): not this plan's targets
_CITED = re.compile(r"\bde an (?:da )?(?:dat|de ra|xac dinh|neu)(?: ra)? muc tieu"
                    r"|(?:de an|1659)[^;]{0,300}\bvoi (?:cac )?muc tieu|^\W*can cu (?:quyet dinh|de an|cong van|nghi quyet)")


def _cites_the_programme(folded: str) -> bool:
    """"Đề án đặt mục tiêu … 50% …" is background; "Căn cứ mục tiêu của Đề án, phấn đấu … 30% …" is the plan's own."""
    return bool(_CITED.search(folded)) and "phan dau" not in folded


def _states_the_present(folded: str) -> bool:
    if _RESULTS.search(folded):
        return not _AIM_ONLY.search(folded)
    return bool(_STATE_NOW.search(folded)) and not _AIM.search(folded)


# Another skill a plan sets a share for beside the foreign language («100% … đạt chuẩn tin học và 20% đạt
# trình độ ngoại ngữ bậc 3»): that share is not a language target
_OTHER_SKILL = re.compile(r"tin hoc|(?:ky nang su dung|ung dung|chuan) cong nghe thong tin|\bcntt\b|ky nang so|tieng dan toc")
# «70 - 75%», «từ 35% đến 40%»: a range, not one share (not «từ 18% lên 60%», a start and a target)
_RANGE = re.compile(r"\b\d{1,3}(?:[.,]\d+)?\s*%?\s*[-–]\s*\d{1,3}(?:[.,]\d+)?\s*%|\btu \d{1,3}(?:[.,]\d+)?\s*% den \d{1,3}"
                    r"(?:[.,]\d+)?\s*%")
# «tiếng Anh», «tiếng Trung Quốc»: the languages rosters name too (tiendo.levels), «TA» aside
_LANGUAGE_NAMED = re.compile(r"\btieng (?:" + "|".join(name for name in LANGUAGE_NAMES if name != "ta") + r")(?: quoc)?\b")
_LANGUAGE_WORDS = re.compile(r"ngoai ngu|" + _LANGUAGE_NAMED.pattern)


def _about_another_skill(words: str) -> bool:
    """What a percentage's group is to reach («… đạt chuẩn tin học», «… có chứng chỉ tin học», «… sử dụng
    thành thạo tiếng dân tộc thiểu số») is another skill and names no foreign language or level. The group's
    own words («viên chức Trung tâm CNTT», «công chức làm công tác tin học») are not looked at."""
    if not (verb := re.search(r"\b(?:dat|co|su dung|thanh thao)\b", words)):
        return False
    predicate = words[verb.start():]
    return bool(_OTHER_SKILL.search(predicate)) and not _LANGUAGE_WORDS.search(predicate) \
        and _level_in(predicate) is None


# «nâng tỷ lệ … từ 18% lên 60%», «từ 30% hiện nay lên 60%», «từ 20% xuống còn 15%» (a plan amended): the first is
# where it starts, not a target
_FROM_PERCENT = re.compile(r"\btu (?:muc )?(\d{1,3}(?:[.,]\d+)?\s*(?:%|phan tram))(?=(?:\s+\S+){0,3}?\s+(?:len|den|thanh|xuong(?: con)?)\s+"
                           r"(?:muc |ty le )?\d{1,3}(?:[.,]\d+)?\s*(?:%|phan tram))")


# People trained, surveyed or assessed: a share of them is no level target, and neither is a share of the whole group
# with no level reached («100% … được bồi dưỡng»): «100% cán bộ, công chức … được cử đi học hoàn thành khóa bồi dưỡng và
# đạt …», «90% … tham gia các lớp bồi dưỡng … đạt chuẩn đầu ra»
_TRAINEES = re.compile(r"\bduoc (?:cu (?:di )?)?(?:hoc|boi duong|dao tao|tap huan|khao sat|danh gia|kiem tra)\b"
                       r"|\btham gia (?:cac |mot )?(?:lop|khoa|hoc|boi duong|dao tao|tap huan)|\bhoan thanh (?:cac )?khoa")
_OF_A_COST = re.compile(r"\W*(?:cua\s+)?(?:tong\s+)?(?:hoc phi|kinh phi|chi phi|le phi|phi\b|tien\b|ngan sach)")


def _groups_in_turn(folded: str, percents: list[re.Match]) -> list[str] | None:
    """The groups named before «lần lượt là» / «tương ứng là» with as many percentages after it («Tỷ lệ cán bộ,
    công chức cấp xã và cán bộ, công chức lãnh đạo, quản lý cấp xã đạt … bậc 3 … lần lượt là 20% và 15%»), each
    percentage's own; None when the text is not so."""
    turn = re.search(r"\b(?:lan luot|tuong ung)\b", folded[:percents[0].start()])
    staff = _STAFF.search(folded[:turn.start()]) if turn else None
    if not staff or len(percents) < 2 or _GROUP_FIRST.match(folded[percents[0].end():]):
        return None
    words = folded[staff.start():turn.start()]
    words = words[:_predicate_start(words, 0)]
    parts = [part for part in re.split(r"\s+va\s+|;", words) if _STAFF.search(part)]
    return parts if len(parts) == len(percents) else None


def _read_clause(original: str, folded: str, context: _Context, defaults) -> tuple[list[Target], str | None]:
    """Targets of one clause ("60% viên chức và 50% viên chức … đạt … bậc 4 …")."""
    original_folded = folded
    for match in _FROM_PERCENT.finditer(folded):  # masked in place: spans still map to the original
        folded = folded[:match.start(1)] + " " * (match.end(1) - match.start(1)) + folded[match.end(1):]
    percents = list(_PERCENT.finditer(folded))
    if not percents:
        return [], None
    # «… đạt bậc 4 trở lên được hỗ trợ 70% học phí»: a share of a cost, not of people
    percents = [m for m in percents if not _OF_A_COST.match(folded, m.end())]
    if not percents:
        return [], ("tỷ lệ hỗ trợ kinh phí, học phí, không phải tỷ lệ người đạt trình độ ngoại ngữ; nếu đó là chỉ tiêu, "
                    "ghi vào tệp .targets.yml")
    if _TRAINEES.search(folded) and not re.search(r"\bdat\b", folded):  # «100% … được bồi dưỡng»: no level reached
        return [], "tỷ lệ được bồi dưỡng, không phải tỷ lệ đạt trình độ ngoại ngữ; nếu đó là chỉ tiêu, ghi vào tệp .targets.yml"
    if re.search(r"\bchua dat (?:trinh do|chuan|bac)\b", folded):
        return [], ("tỷ lệ người chưa đạt trình độ, không phải tỷ lệ cần đạt; nếu đó là chỉ tiêu, ghi tỷ lệ cần đạt vào "
                    "tệp .targets.yml")
    if re.search(r"\btang(?: them)? .{0,30}so voi|\btang(?: them)? \d", folded):
        return [], "mức tăng so với trước, không phải tỷ lệ cần đạt; nếu đó là chỉ tiêu, ghi vào tệp .targets.yml"
    if (annual := _ANNUAL.search(folded)) and not (
            re.search(r"phan dau|muc tieu", folded[annual.end():percents[0].start()])
            and _YEAR_CONTEXT.search(folded, annual.end(), percents[0].start())
            and not re.search(r"\bthem\b", folded[annual.end():percents[0].start()])):
        # «Hằng năm tổ chức bồi dưỡng …, phấn đấu đến năm 2025 có 60% …»: the year said after it is the target's
        return [], ("tỷ lệ mỗi năm, không phải tỷ lệ cần đạt vào một năm; nếu đó là chỉ tiêu, ghi vào tệp .targets.yml")
    if len(percents) > 1 and (years := _years_per_percent(folded, percents, context)):
        return _read_per_year(original, folded, percents, years, context, defaults)
    # «…: 2026: 30%; 2028: 45%»: a year alone, with a colon, just before the share
    year = (_year_said(folded) or ((bare := re.search(r"\b(20\d\d)\s*:\W*$", folded[:percents[0].start()])) and int(bare[1]))
            or context.year)
    if year is None:
        return [], "không xác định được năm của chỉ tiêu"
    level_shared = _level_in(folded[percents[-1].end():]) or _level_in(folded) or context.level
    focus = None
    if (match := _FOCUS.search(folded)) and not _LANGUAGE_NAMED.search(match[1]):  # «(ưu tiên tiếng Anh)»: no sub-group
        focus_folded = match[1]
        focus_text = original[match.start(1):match.end(1)].strip()
        age = _AGE.search(focus_folded)
        focus = Focus(leaders=bool(_LEADER.search(focus_folded)), age_limit=int(age[1]) if age else None,
                      text=focus_text)
    masked = folded
    if match := _FOCUS.search(folded):  # the focus sub-group must not change the group itself
        masked = folded[:match.start()] + " " * (match.end() - match.start()) + folded[match.end():]
    # The qualifier "công tác tại các địa bàn … có yêu cầu sử dụng ngoại ngữ" and the predicate
    # belong to every group of the clause: read each segment with the clause's tail.
    predicate_at = _predicate_start(masked, percents[-1].end())
    tail = masked[predicate_at:]
    listed = _groups_in_turn(masked, percents)
    targets, tier_only, trainees = [], [], []
    for i, match in enumerate(percents):
        end = percents[i + 1].start() if i + 1 < len(percents) else predicate_at
        segment = masked[match.end():end]
        own = masked[match.end():percents[i + 1].start() if i + 1 < len(percents) else len(masked)]
        if _about_another_skill(own):
            continue
        if _TRAINEES.search(own[:_predicate_start(own, 0)]):  # «100% … được cử đi học … và đạt chứng chỉ bậc 2»
            trainees.append(original[match.start():match.end()].strip())
            continue
        if listed:  # «Tỷ lệ cán bộ, công chức cấp xã và cán bộ lãnh đạo cấp xã … lần lượt là 20% và 15%»
            segment = listed[i]
        elif not _GROUP_FIRST.match(segment):
            # "tỷ lệ cán bộ, công chức … đạt bậc 4 là 25%, tỷ lệ viên chức …": the group stands before the number
            before = masked[percents[i - 1].end() if i else 0:match.start()]
            if not _STAFF.search(before):
                if _TIER_BEFORE.search(before):  # «… đến năm 2030: cấp tỉnh 40%, cấp huyện 30%»: said, not dropped
                    tier_only.append(original[match.start():match.end()].strip())
                    continue
                if not (context.group_words and re.match(r"\W*(?:(?:dat|co trinh do|su dung)\b|$)", masked[match.end():])):
                    continue  # a percentage of something else ("100% kinh phí", "50% học phí cho cán bộ …")
                before = context.group_words  # «1. Đối với viên chức» above «- Đến năm 2025: 60% đạt … bậc 4»
            segment = before
        group, why = _group_of(segment, masked, context.issuer)
        if group is None:
            return [], why
        level = _level_in(segment) or level_shared
        if i + 1 < len(percents) and _predicate_start(segment, 0) < len(segment):
            group_specialized = _says_specialized(segment)  # "35% … đạt … chuyên ngành, 70% … đạt …"
        else:
            group_specialized = (_says_specialized(tail) or _says_specialized(folded[:percents[0].start()])
                                 or _says_specialized(segment))
        if level is None:
            return [], "không xác định được bậc trình độ ngoại ngữ"
        if context.specialized and _level_in(folded) is None:  # «- Viên chức: 70%» under «(… và ngoại ngữ chuyên ngành):»
            group_specialized = True
        percent = float(match[1].replace(",", "."))
        if not 0 < percent <= 100:
            return [], f"tỷ lệ {match[1]}% không hợp lệ"
        age = _AGE.search(segment) or (_AGE.search(tail) if group in ("cbcc_xa", "cbcc_xa_lanh_dao") else None)
        targets.append(Target(
            year=year, group=group, tiers=_tiers_of(group, segment + " " + tail, defaults, segment),
            percent=int(percent) if percent.is_integer() else percent, min_level=level,
            specialized=group_specialized, quote="", age_limit=int(age[1]) if age else None,
            focus=focus if group == "cbcc" or (focus and group.startswith("cbcc")) else None))
    if targets and not tier_only and (spread := _RANGE.search(original_folded)):
        return targets, (f"tỷ lệ nêu một khoảng («{original[spread.start():spread.end()]}»): tiendo lấy mức cao; nếu chỉ "
                         "tiêu là mức thấp, ghi vào tệp .targets.yml")
    named = [m for m in _LANGUAGE_NAMED.finditer(masked) if not re.search(r"uu tien\W*(?:\S+\W+){0,3}$", masked[:m.start()])]
    if targets and named and not tier_only:
        language = original[named[0].start():named[0].end()]
        return targets, (f"chỉ tiêu nêu riêng {language}: tiendo tính người đạt bậc ở mọi ngoại ngữ, nên tỷ lệ đạt có thể "
                         f"cao hơn tỷ lệ chỉ tính {language}")
    if trainees:  # said whether or not a target stands beside it
        why = (f"tỷ lệ {', '.join(trainees)} là của người được bồi dưỡng, khảo sát hoặc đánh giá, không phải của cả nhóm; "
               "nếu đó là chỉ tiêu, ghi vào tệp .targets.yml")
        return targets, why
    if not targets and tier_only:  # «- Các sở, ban, ngành tỉnh: 30%;» under «tỷ lệ công chức đạt … bậc 4:»
        return [], (f"tỷ lệ {', '.join(tier_only)} {_BY_AGENCY}: tiendo không chia "
                    "chỉ tiêu của một nhóm theo cấp; nếu cần, ghi vào tệp .targets.yml")
    if not targets:
        return [], _NO_GROUP
    if tier_only:
        return targets, (f"tỷ lệ {', '.join(tier_only)} chỉ nêu cấp, không nêu nhóm: tiendo chỉ đọc được tỷ lệ đầu "
                         "của nhóm; nếu các cấp có chỉ tiêu riêng, ghi vào tệp .targets.yml")
    return targets, None


def _years_per_percent(folded: str, percents: list[re.Match], context: _Context) -> list[int] | None:
    """One group, a percentage for each year: "Đến năm 2025 và năm 2030, tỷ lệ … lần lượt là 25% và
    35%", or "…: năm 2025 là 25%, năm 2030 là 35%"."""
    if re.search(r"\blan luot\b", folded):
        years = [int(m[1]) for m in _years_said(folded[:percents[0].start()])] or list(context.years)
        return years if len(years) == len(percents) else None
    years = []
    for i, match in enumerate(percents):
        window = folded[percents[i - 1].end() if i else 0:match.start()]
        said = _YEAR_BEFORE_PERCENT.search(window)
        if not said:
            break
        years.append(int(said[1]))
    else:
        return years if len(set(years)) == len(years) else None
    # «15% cán bộ, công chức lãnh đạo cấp xã (năm 2025) và 25% (năm 2030) đạt …»: the year in brackets after;
    # «… đạt 20% vào năm 2027 và 30% vào cuối năm 2030»: right after
    years = []
    for i, match in enumerate(percents):
        window = folded[match.end():percents[i + 1].start() if i + 1 < len(percents) else len(folded)]
        said = (re.search(r"\(\s*(?:den |vao )?nam (20\d\d)\s*\)", window)
                or re.match(r"\s*(?:vao|den|toi) (?:cuoi |het )?(?:nam )?(20\d\d)\b", window))
        if not said:
            return None
        years.append(int(said[1]))
    return years if len(set(years)) == len(years) else None


# "năm 2025 là|đạt|có|đạt tỷ lệ …" right before a percentage: the year that percentage is for
_YEAR_BEFORE_PERCENT = re.compile(r"\bnam (20\d\d)\W*(?:(?:la|dat|co|ty le|(?:toi|it) (?:thieu|nhat)|phan dau|tang len|nang len)"
                                  r"\W*)*$")
# Where the next year's part starts after a group's words: ", năm 2030 …", " và đến năm 2030 …", "; đến hết năm 2030 …"
_NEXT_YEAR = re.compile(r"\W*(?:\bva\s+)?(?:(?:den|toi|vao)\s+)?(?:het\s+|cuoi\s+)?(?<!thang \d )(?<!thang \d\d )\bnam 20\d\d\b")


def _read_per_year(original: str, folded: str, percents: list[re.Match], years: list[int], context: _Context,
                   defaults) -> tuple[list[Target], str | None]:
    """Each percentage read as "N% <the group and its predicate>" for its year. The group stands before
    the percentages ("Cán bộ, công chức … : năm 2025 là 25%, năm 2030 là 35%"), or after one of them
    ("Đến năm 2025 có 30% và đến năm 2030 có 40% cán bộ, công chức … đạt bậc 4": after the last; "Đến
    năm 2025, 10% cán bộ, công chức cấp xã đạt bậc 2 trở lên, năm 2030 đạt 25%": after the first). A
    percentage takes its own group's words if they follow it, else those of the nearest that has them."""
    if staff := _STAFF.search(folded[:percents[0].start()]):
        end = staff.start() + next((m.start() for m in re.finditer(r"\blan luot\b|:|\bnam 20\d\d", folded[staff.start():])),
                                   percents[0].start() - staff.start())
        spans = [(staff.start(), min(end, percents[0].start()))] * len(percents)  # never a percentage in it
    else:
        after: list[tuple[int, int] | None] = []
        for i, match in enumerate(percents):
            segment = folded[match.end():percents[i + 1].start() if i + 1 < len(percents) else len(folded)]
            cut = next((m.start() for m in _NEXT_YEAR.finditer(segment)), len(segment))
            after.append((match.end(), match.end() + cut) if _GROUP_FIRST.match(segment) else None)
        if not any(after):
            if not context.group_words:
                return [], _NO_GROUP
            # the group is the heading's («1. Đối với viên chức» over «… năm 2025 có 60% đạt …, năm 2030 có 70% đạt …»)
            after = [(match.end(), match.end() + next((m.start() for m in _NEXT_YEAR.finditer(folded, match.end())),
                                                      len(folded)) - match.end()) for match in percents]
        spans = [own or next((d for d in after[i + 1:] if d), None) or next(d for d in reversed(after[:i]) if d)
                 for i, own in enumerate(after)]
    # the predicate after the last percentage holds for each («… (năm 2025) và 25% (năm 2030) đạt … bậc 3»)
    tail_at = _predicate_start(folded, percents[-1].end())
    targets = []
    for year, match, (start, end) in zip(years, percents, spans):
        tail = (original[tail_at:], folded[tail_at:]) if end < tail_at and _level_in(folded[start:end]) is None else ("", "")
        found, problem = _read_clause(f"{original[match.start():match.end()]} {original[start:end]} {tail[0]}",
                                      f"{match[0]} {folded[start:end]} {tail[1]}",
                                      replace(context, year=year, years=()), defaults)
        if problem:
            return [], problem
        targets += found
    return targets, None


def _predicate_start(folded: str, after: int) -> int:
    """Where the shared predicate starts ("đạt trình độ …", "có trình độ …")."""
    match = re.search(r"\b(dat|co trinh do|co nang luc|su dung thanh thao|dat chuan)\b", folded[after:])
    return after + match.start() if match else len(folded)


def _looks_like_target(folded: str) -> bool:
    return bool(_PERCENT.search(folded) and (_STAFF.search(folded) or re.search(r"\blanh dao\b", folded))
                and (_level_in(folded) is not None or "ngoai ngu" in folded))


def _update_context(folded: str, context: _Context) -> None:
    # «Tính đến tháng 12/2021, có …» (at a clause's start; «của tỉnh đến năm 2025» is a target's year) is a
    # baseline's date, not the year of the targets that follow; «giai đoạn 2019 - 2030», the programme's own
    # period named in every plan's title and legal basis, is theirs only when nothing else said one
    matches = [m for m in _YEAR_CONTEXT.finditer(folded)
               if not re.search(r"(?:^|[,;:(]|\. )\W*tinh $", folded[:m.start()])
               and not (context.year is not None and _PROGRAMME_PERIOD.match(folded, m.start()))]
    # «giai đoạn 2021 - 2025, định hướng đến năm 2030»: what is aimed at is 2025, 2030 only a direction
    matches = [m for m in matches if not folded[:m.start()].rstrip().endswith("dinh huong")] or matches
    if matches:
        last = matches[-1]
        context.year = int(last[1] or last[2])


# A column of what was measured ("Thực trạng năm 2020", "Kết quả thực hiện đến năm 2025"), not
# of a target ("Chỉ tiêu thực hiện đến năm 2025")
_BASELINE_COLUMN = re.compile(r"thuc trang|hien trang|hien nay|^\W*ket qua")


_BARE_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d+)?")
_COUNT_WORDS = re.compile(r"\bso nguoi\b|\bso luong\b|\btong so\b|\(nguoi\)")  # a table of people, not of shares
_PERCENT_UNIT = re.compile(r"\(\s*%\s*\)|\bty le\s*%|don vi(?: tinh)?\s*:?\s*%|\(\s*phan tram\s*\)")


def _is_table_row(source: str) -> bool:
    """A row of a Markdown or pipe table, or of a Word table pasted as text (cells between tabs)."""
    return source.startswith("|") or source.count("|") >= 2 or source.count("\t") >= 2


def _table_cells(line: str) -> list[str]:
    if "|" not in line:
        return [c.strip() for c in line.strip().split("\t")]
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _row_label(folded_cells: list[str]) -> str:
    """The cell naming the group: the first with words in it, past a "STT" column of row numbers."""
    for cell in folded_cells:
        if re.search(r"[a-z]{2}", cell) and not re.fullmatch(r"\W*(?:stt|tt|[ivx]+|[a-z])\W*", cell):
            return cell
    return folded_cells[0]


def _years_down(lines: list[str]) -> list[str]:
    """A table with the years down its first column and a group in each column («| Năm | Cán bộ, công chức phường
    đạt bậc 3 trở lên | Lãnh đạo … |», then «| 2026 | 35% | 30% |»), turned to the usual way round (a group a row,
    a year a column); any other table as it is."""
    rows = [_table_cells(line) for line in lines]
    rows = [row for row in rows if not all(re.fullmatch(r":?-{2,}:?", c) for c in row if c)]
    if len(rows) < 2:
        return lines
    header, body = rows[0], rows[1:]
    folded_header = [fold_aligned(c) for c in header]
    if any(_column_year(c) for c in folded_header) or len(header) < 2 \
            or not re.fullmatch(r"\W*(?:nam|thoi gian|moc|lo trinh|giai doan)?\W*", folded_header[0]) \
            or not all(_STAFF.search(c) or re.search(r"\blanh dao\b", c) for c in folded_header[1:] if c):
        return lines
    years = [_column_year(fold_aligned(row[0])) if row else None for row in body]
    if not all(years):
        return lines
    turned = ["| Đối tượng | " + " | ".join(row[0] for row in body) + " |"]
    for position, group in enumerate(header[1:], start=1):
        turned.append(f"| {group} | " + " | ".join(row[position] if position < len(row) else "" for row in body) + " |")
    return turned


def _column_year(folded_cell: str) -> int | None:
    """The target year a table's column heading names: «2025», «Năm 2025»; «Giai đoạn 2021 - 2025»: the
    period's last year. None for a cell with a percentage, or a column of what was measured."""
    if _PERCENT.search(folded_cell) or _BASELINE_COLUMN.search(folded_cell):
        return None
    if span := _SPAN.search(folded_cell):
        return int(span[2])
    return int(year[1]) if (year := re.search(r"(20\d\d)", folded_cell)) else None


def _table_targets(lines: list[str], context: _Context, defaults, in_percent: bool = False) -> list[_Candidate]:
    """A Markdown or pipe table: | Nhóm | 2025 | 2030 | with percentages in the year columns.
    `in_percent`: the line before the table says its numbers are percentages («Đơn vị tính: %»)."""
    lines = _years_down(lines)
    candidates = []
    header_years: list[int | None] = []
    header_cells: list[str] = []
    header_level = title_level = None
    # Columns whose own heading says they hold people («Năm 2025 - Số người») or shares («Tỷ lệ (%)»), in the
    # year row or in a row of sub-headings under it
    count_columns: set[int] = set()
    percent_columns: set[int] = set()

    def column_kinds(cells: list[str]) -> None:
        for position, cell in enumerate(cells):
            if _PERCENT_UNIT.search(cell) or re.search(r"^\W*ty le\b", cell):
                percent_columns.add(position)
                count_columns.discard(position)
            elif _COUNT_WORDS.search(cell):
                count_columns.add(position)

    # "Chỉ tiêu (%)", "Đến năm 2030 (%)" over the table, or in_percent: its cells are bare numbers
    for line in lines:
        cells = _table_cells(line)
        folded_cells = [fold_aligned(c) for c in cells]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue
        if any(header_years) and (in_percent or percent_columns):
            folded_cells = [f"{c} %" if position < len(header_years) and header_years[position]
                            and position not in count_columns and (in_percent or position in percent_columns)
                            and (m := _BARE_NUMBER.fullmatch(c)) and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", c)
                            and float(m[0].replace(",", ".")) <= 100 else c
                            for position, c in enumerate(folded_cells)]
        if not any(_PERCENT.search(c) for c in folded_cells) and _PERCENT_UNIT.search(" ".join(folded_cells)):
            in_percent = True
        years = [_column_year(c) for c in folded_cells]
        if any(years) and not any(_PERCENT.search(c) for c in folded_cells):
            header_years, header_cells = years, folded_cells
            if _COUNT_WORDS.search(" ".join(folded_cells)) and not _PERCENT_UNIT.search(" ".join(folded_cells)):
                in_percent = False  # «| Đối tượng | Tổng số hiện có | Năm 2025 |»: numbers of people
            column_kinds(folded_cells)
            header_level = _level_in(" ".join(folded_cells)) or title_level
            continue
        if any(header_years) and not any(_PERCENT.search(c) for c in folded_cells) and not any(
                _BARE_NUMBER.fullmatch(c) for c in folded_cells[1:]):  # «| | | Số người | Tỷ lệ (%) |» under the years
            column_kinds(folded_cells)
        if not header_years and not any(_PERCENT.search(c) for c in folded_cells):
            title_level = _level_in(" ".join(folded_cells)) or title_level  # "CHỈ TIÊU … BẬC 4 TRỞ LÊN" over the table
            continue
        if not any(_PERCENT.search(c) for c in folded_cells):
            # a table of targets (a level in it) whose numbers say no unit; not one of people sent to classes
            if any(header_years[1:]) and _STAFF.search(_row_label(folded_cells)) and any(
                    _BARE_NUMBER.fullmatch(c) for c, year in zip(folded_cells, header_years) if year) and (
                    _level_in(" ".join(folded_cells)) or header_level or title_level):
                candidates.append(_Candidate(line.strip(), [], "bảng chỉ tiêu ghi số không kèm đơn vị: không rõ là tỷ "
                                             "lệ (%) hay số người; nếu là tỷ lệ, ghi «Đơn vị tính: %» trên bảng hoặc "
                                             "ghi chỉ tiêu vào tệp .targets.yml"))
            continue
        if not header_years or not any(header_years[1:]):  # percentages in a table without a target year
            if _STAFF.search(" ".join(folded_cells)):
                candidates.append(_Candidate(line.strip(), [], "bảng không có cột năm của chỉ tiêu"))
            continue
        label = _row_label(folded_cells)
        row_level = _level_in(" ".join(folded_cells)) or header_level or context.level
        targets, problem = [], None
        for position, cell in enumerate(folded_cells[1:], start=1):
            year = header_years[position] if position < len(header_years) else None
            for match in _PERCENT.finditer(cell):
                if year is None:
                    continue
                clause = f"{match[0]} {label} dat bac {row_level or ''} " + cell[match.end():]
                found, problem = _read_clause(clause, clause, _Context(year, row_level, issuer=context.issuer), defaults)
                # "và ngoại ngữ chuyên ngành" in the cell, the row's label or the year's column heading
                specialized = _says_specialized(f"{cell} {label} {header_cells[position]}")
                targets += [replace(t, specialized=specialized, quote="") for t in found]
        candidates.append(_Candidate(line.strip(), targets, problem if not targets else None))
    return candidates


def extract_targets(text: str, blocks: list[PlanBlock] | None = None, sources: list[str] | None = None,
                    issuer: str = "") -> tuple[list[Target], list[tuple[str, str]]]:
    """All targets of a plan's text and the target-like sentences not understood (quote, reason).
    `issuer`: whose plan it is (_Context.issuer, from `_issuer_kind`)."""
    text = nfc(text)
    if blocks is None or sources is None:
        blocks, sources = _blocks(text)
    defaults = {key: g.default_tiers for key, g in load_groups().items()}
    context = _Context(issuer=issuer)
    targets: list[Target] = []
    unparsed: list[tuple[str, str]] = []
    table_lines: list[str] = []

    lead_in = ""  # the text just before a table: «Đơn vị tính: %», «Tỷ lệ … đạt chuẩn ngoại ngữ:»
    results_level: int | None = None  # inside «I. KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2021 - 2025», «II. THỰC TRẠNG» (its depth)

    def flush_table():
        in_percent = bool(_PERCENT_UNIT.search(lead_in) or (re.search(r"^\W*ty le\b", lead_in)
                                                              and not _COUNT_WORDS.search(lead_in)))
        for candidate in _table_targets(table_lines, context, defaults, in_percent):
            if results_level is not None or _RESULTS_HEADING.search(lead_in):  # «Bảng 1. Kết quả thực hiện chỉ tiêu …»
                if candidate.targets:
                    unparsed.append((candidate.quote, _RESULTS_REASON))
                continue
            _keep(candidate, targets, unparsed)
        table_lines.clear()

    for block, source in zip(blocks, sources):
        if _is_table_row(source):
            table_lines.append(source)
            continue
        if table_lines:
            flush_table()
        folded_block = lead_in = fold_aligned(source)
        if block.kind == "heading" and not _looks_like_target(folded_block):
            # a part on what was done or found: its percentages are results, whatever year they name (a phase-2
            # plan issued in 2025 reports 2025); it runs to the next heading of its depth or higher
            if results_level is not None and (block.level <= results_level or _AIM_HEADING.search(folded_block)):
                results_level = None  # (an aims heading inside it too: «### Chỉ tiêu đến năm 2030»)
            if _RESULTS_HEADING.search(folded_block) and not _AIM_HEADING.search(folded_block):
                results_level = block.level
        if results_level is not None and block.kind != "heading":
            unparsed += [(source[a:b].strip(), _RESULTS_REASON) for a, b in _sentences(source)
                         if _looks_like_target(fold_aligned(source[a:b]))]
            continue
        heading = block.kind == "heading" and not _looks_like_target(folded_block)  # "2. 60% viên chức … theo quy định"
        if heading or not _PERCENT.search(folded_block):
            if not heading:
                for a, b in _sentences(source):
                    if why := _said_without_a_percentage(fold_aligned(source[a:b]), bool(targets)):
                        unparsed.append((source[a:b].strip(), why))
            _update_context(folded_block, context)
            # only a heading or a lead-in («a) Đối với viên chức:») names the group of the items under it: «Cán bộ,
            # công chức Sở Nội vụ hướng dẫn …», a task, does not
            if _GROUP_INTRO.match(folded_block) and not _PERCENT.search(folded_block) and (
                    block.kind == "heading" or folded_block.rstrip().endswith(":")):
                context.group_words = folded_block
            elif block.kind == "heading":
                context.group_words = ""
            years = {m[1] for m in _years_said(folded_block)} | set(re.findall(r"^\W*(20\d\d)\W*$", folded_block))
            if block.kind == "heading" and len(years) == 1 and not _YEAR_CONTEXT.search(folded_block):
                context.year = int(years.pop())  # a heading "a) Năm 2025:"
            # the level a lead-in sets for the lines under it ("a) Đến năm 2025, đạt trình độ ngoại ngữ bậc 4 trở
            # lên:"), not the one a heading only names
            if (lvl := _level_in(folded_block)) is not None and (block.kind != "heading" or _predicate_start(folded_block, 0)
                                                                  < len(folded_block)):
                context.level, context.specialized = lvl, _says_specialized(folded_block)
            continue
        # The targets of the block's last clause with a percentage (none when it was not a target: «…; 100%
        # được bồi dưỡng»), and its sentence: what «…; đến năm 2030 là 35%» or «Đến năm 2030 tỷ lệ này là 35%.» continues
        last_targets: list[Target] = []
        last_quote = ""
        heading_group = context.group_words  # what the heading says, back after this paragraph
        if _GROUP_INTRO.match(folded_block):  # «c) Viên chức …: 2026: 30%; 2028: 45%»: its own group for its clauses
            context.group_words = folded_block[:_PERCENT.search(folded_block).start()]
        for start, end in _sentences(source):
            # an item run into the paragraph before keeps its bullet out of the quote
            sentence = re.sub(r"^[-–+•]\s+", "", source[start:end].strip())
            folded = fold_aligned(sentence)
            if not _PERCENT.search(folded):
                # (a paragraph of its own after the list too: «Riêng năm 2030, các chỉ tiêu trên bao gồm …»)
                if why := _said_without_a_percentage(folded, bool(last_targets or targets)):
                    unparsed.append((sentence, why))
                _update_context(folded, context)
                said = {m[1] for m in _years_said(folded)}
                if len(said) == 1 and folded.rstrip().endswith(":"):  # "a) Năm 2025: - 25% …; - 60% …"
                    context.year = int(said.pop())
                continue
            skipped = (_AMENDMENT_REASON if _AMENDS.search(folded)
                       else "câu nêu số liệu đã có (thực trạng, kết quả), không phải chỉ tiêu" if _states_the_present(folded)
                       else "câu nhắc lại mục tiêu của Đề án, không phải chỉ tiêu của kế hoạch này"
                       if _cites_the_programme(folded) else None)
            if skipped:  # said, not dropped: if it is a target after all, the office writes it in .targets.yml
                if skipped is _AMENDMENT_REASON and _STAFF.search(folded):  # «Thay cụm từ "60% viên chức …"»
                    unparsed.append((sentence, skipped))
                elif _looks_like_target(folded):
                    unparsed.append((sentence, skipped + "; nếu đó là chỉ tiêu, ghi vào tệp .targets.yml"))
                _update_context(folded, context)
                last_targets = []
                continue
            found: list[Target] = []
            problems: list[str] = []  # of the clauses that look like a target and were not read
            quote = sentence
            for c_start, c_end in _clauses(sentence):
                clause = sentence[c_start:c_end]
                folded_clause = fold_aligned(clause)
                # "Đến năm 2025: …; …" — the year said earlier in the sentence holds for later clauses
                clause_context = _Context(_year_said(folded[:c_start], last=True) or context.year,
                                          _level_in(folded[:c_start]) if c_start else context.level,
                                          tuple(int(m[1]) for m in _years_said(folded[:c_start])), context.issuer,
                                          context.specialized and not c_start, context.group_words)
                clause_targets, clause_problem = _read_clause(clause, folded_clause, clause_context, defaults)
                if not clause_targets and (clause_problem is None or clause_problem == _NO_GROUP) and \
                        (later := _later_year(folded_clause, last_targets)) is not None:
                    # "…; đến năm 2030 là 35%": the target just before, for a later year
                    (clause_targets, later_problem), clause_problem = later, None
                    if clause_targets and not found:  # said in a sentence of its own: quoted with the one before
                        quote = f"{last_quote} {sentence}"
                    if later_problem:
                        unparsed.append((sentence, later_problem))
                if _PERCENT.search(folded_clause):
                    last_targets = clause_targets
                if clause_targets and clause_problem:  # part of the clause read, the rest said
                    unparsed.append((sentence, clause_problem))
                found += clause_targets
                if not clause_targets and clause_problem and (_looks_like_target(folded_clause) or (
                        _BY_AGENCY in clause_problem and clause_context.level is not None)):
                    problems.append(clause_problem)
                elif not clause_targets and found and re.match(r"\W*trong do\b", folded_clause):
                    problems.append("tỷ lệ «trong đó» là một phần của chỉ tiêu nêu trước: tiendo không theo dõi riêng; "
                                    "nếu cần, ghi vào tệp .targets.yml")
            if found or problems or _looks_like_target(folded):
                _keep(_Candidate(quote, found, None if found else next(iter(problems), None)), targets, unparsed)
            if found:  # a clause not read beside one that was («…; 50% cán bộ lãnh đạo cấp phòng …»): said too
                unparsed += [(sentence, why) for why in dict.fromkeys(problems)]
            if found:
                last_quote = quote
            # a target sentence's year for the sentences after it is the one it opens with: «a) Đến năm 2025: 25%
            # …, đến năm 2030 là 35%. 60% viên chức …» is 2025 for the viên chức
            opening = folded[:_PERCENT.search(folded).start()]
            last_is_lead_in = folded.rstrip().endswith(":")  # «…; đến năm 2030, đạt các chỉ tiêu sau:»
            _update_context(opening if found and _YEAR_CONTEXT.search(opening) and not last_is_lead_in else folded,
                            context)
        context.group_words = heading_group
    if table_lines:
        flush_table()
    return targets, unparsed


# An amendment that strikes or rewrites a target of another plan («Bãi bỏ chỉ tiêu 15% …», «Thay cụm từ "60% …"
# … bằng cụm từ "55% …"»): its percentages are not targets to add; the office applies it in .targets.yml
_AMENDS = re.compile(r"^\W*(?:\d+\W+)?(?:bai bo|huy bo|bo chi tieu|thay (?:the )?(?:cum tu|chi tieu|ty le)|thay the)\b")
_AMENDMENT_REASON = ("câu sửa đổi, bãi bỏ chỉ tiêu của một kế hoạch: tiendo không tự áp dụng vào kế hoạch gốc; "
                     "ghi chỉ tiêu sau sửa đổi vào tệp .targets.yml")
# The heading of a part on what was done or found («KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2021 - 2025», «THỰC TRẠNG», «Đánh giá
# kết quả …»), not of what is aimed at («Mục tiêu», «Chỉ tiêu»)
_RESULTS_HEADING = re.compile(r"\bket qua (?:thuc hien|dat duoc|giai doan|trien khai)|\bthuc trang\b|\bdanh gia (?:ket qua|tinh hinh)"
                              r"|\b(?:so|tong) ket\b"
                              r"|\btinh hinh (?:thuc hien|trien khai)")
_AIM_HEADING = re.compile(r"\bmuc tieu\b|\bchi tieu (?!giai doan 20\d\d\s*[-–]\s*2025)")
_RESULTS_REASON = ("câu trong phần kết quả, thực trạng (số liệu đã có), không phải chỉ tiêu; nếu đó là chỉ tiêu, ghi vào "
                   "tệp .targets.yml")
_SPECIALIZED_AFTER_REASON = ("câu nói ngoại ngữ chuyên ngành cho các chỉ tiêu nêu trước: tiendo không tự gắn vào chỉ "
                             "tiêu nào; nếu các chỉ tiêu đó yêu cầu ngoại ngữ chuyên ngành, ghi vào tệp .targets.yml")
# «Các đối tượng nêu trên …», «Các nhóm trên …»: a sentence about the targets before it
_BACK_REFERENCE = re.compile(r"\bneu tren\b|\bdoi tuong (?:tren|nay)\b|\bcac nhom (?:tren|nay)\b|\bcac chi tieu (?:tren|nay)\b")
# A number of people to reach a level by a year ("phấn đấu có ít nhất 150 công chức trẻ … đạt bậc 5")
_PEOPLE_COUNT = re.compile(r"(?:phan dau|muc tieu|(?:den|toi) (?:het |cuoi )?nam 20\d\d)[^.;]*?\b(?:co |it nhat |toi thieu |them )"
                           r"\d[\d.]*\s+(?:nguoi\s+(?:la\s+)?)?(?:can bo|cong chuc|vien chuc|cbcc|giao vien|bac si|nguoi)"
                           r"[^.;]*?\bdat\b[^.;]*?(?:bac [1-6iv]+\b|\b[abc][12]\b)")
_FRACTION = re.compile(r"\b(?:mot nua|(?:mot|hai|ba) phan (?:hai|ba|tu|nam|muoi)|(?<![\d/.])[1-9]/(?:[2-9]|10)(?![\d/.]))"
                       r"\s+(?:so\s+)?(?:can bo|cong chuc|vien chuc)")
_FRACTION_REASON = ("tỷ lệ viết bằng phân số: tiendo chỉ đọc tỷ lệ phần trăm; nếu đó là chỉ tiêu, ghi tỷ lệ (ví dụ "
                    "một phần ba là 33,3%) vào tệp .targets.yml")
_PEOPLE_COUNT_REASON = ("chỉ tiêu tính bằng số người, không phải tỷ lệ: tiendo theo dõi tỷ lệ; nếu cần theo dõi, "
                        "đổi thành tỷ lệ của một nhóm và ghi vào tệp .targets.yml")
# A clause that only gives a later year's percentage(s) of the target(s) just before: «…; đến năm 2030 là 35%»,
# «Đến năm 2030 tỷ lệ này là 45%.», «…; đến năm 2030 là 70% và 60%», «…; giai đoạn 2026 - 2030 là 35% (khoảng 1.700
# người)», «…; đến năm 2030, 35% đạt bậc 4 trở lên và sử dụng được ngoại ngữ chuyên ngành». Its words, once the
# year, the percentages and notes in brackets are set aside, are only these.
_LATER_WORDS = frozenset("""va la dat co ty le nay tang len nang toi thieu it nhat tro trinh do ngoai ngu bac chuyen nganh
su dung duoc thanh thao theo khung nang luc 6 viet nam tuong duong phan dau muc tieu cua cac nhom tren tuong ung
lan luot iii iv v vi b1 b2 c1 c2 1 2 3 4 5""".split())
_LATER_YEAR_PHRASE = re.compile(r"giai doan (?:[ivx]+\W*)?20\d\d\s*[-–]\s*20\d\d|(?:(?:den|toi|vao|trong|truoc)\s+)?"
                                r"(?:het\s+|cuoi\s+)?(?:nam\s+|ngay\s+\d{1,2}[/.-]\d{1,2}[/.-]|ngay \d{1,2} thang \d{1,2} nam )?"
                                r"20\d\d")
_NO_GROUP = "có tỷ lệ phần trăm nhưng không gắn với nhóm cán bộ, công chức, viên chức nào"
_BY_AGENCY = "nêu theo cơ quan hoặc cấp, không nêu nhóm"  # the reason for «- Các sở, ban, ngành tỉnh: 30%;»
_TIER_BEFORE = re.compile(r"\b(?:cap )?(?:tinh|huyen|xa|trung uong|thi tran|phuong|quan|thi xa|thanh pho)\W*(?:la|dat|co)?\W*$")


def _said_without_a_percentage(folded: str, after_targets: bool) -> str | None:
    """Why a sentence with no percentage is said all the same (a target of another shape), or None: «Phấn đấu
    đến năm 2025 có 500 công chức … đạt bậc 4» (people, not a share); «ít nhất một nửa số viên chức …», «1/3
    cán bộ, công chức …» (a fraction); «Các chỉ tiêu năm 2030 nêu trên đều yêu cầu có ngoại ngữ chuyên ngành.»
    after the targets (a paragraph of its own)."""
    if _PEOPLE_COUNT.search(folded):
        return _PEOPLE_COUNT_REASON
    if _FRACTION.search(folded) and _STAFF.search(folded) and _level_in(folded) is not None:
        return _FRACTION_REASON
    if after_targets and _says_specialized(folded) and _BACK_REFERENCE.search(folded):
        return _SPECIALIZED_AFTER_REASON
    return None


def _later_year(folded: str, earlier: list[Target]) -> tuple[list[Target], str | None] | None:
    """The target(s) just before, again for the later year and percentage(s) a clause names (one
    percentage a group, in order); None when the clause is not of that shape."""
    if _STAFF.search(folded) or not _PERCENT.search(folded) or (year := _year_said(folded)) is None:
        return None
    rest = re.sub(r"\([^)]*\)", " ", folded)
    rest = re.sub(r",?\s*trong do\b.*$", " ", rest)
    written = [m[1] for m in _PERCENT.finditer(rest)]  # as the plan writes them («22,5»)
    percents = [float(p.replace(",", ".")) for p in written]
    rest = _PERCENT.sub(" ", _LATER_YEAR_PHRASE.sub(" ", rest))
    if not percents or not set(re.findall(r"[a-z0-9]+", rest)) <= _LATER_WORDS:
        return None
    why = None
    if not earlier:
        why = "câu trước không có chỉ tiêu đọc được"
    elif year <= max(t.year for t in earlier) or not all(0 < p <= 100 for p in percents):
        return None
    elif len(percents) != len(earlier):
        why = f"{len(earlier)} nhóm nêu trước đó"
    if why:
        return [], (f"tỷ lệ {', '.join(p + '%' for p in written)} năm {year} không nói rõ của nhóm nào ({why}); nếu đó là "
                    "chỉ tiêu, ghi vào tệp .targets.yml")
    level = _level_in(folded)
    specialized = _says_specialized(folded)
    return [replace(t, year=year, percent=int(p) if p.is_integer() else p, min_level=level or t.min_level,
                    specialized=t.specialized or specialized) for t, p in zip(earlier, percents)], None


# «…, trong đó 50% viên chức lãnh đạo …»: a share within the target before, a clause of its own
_WITHIN = re.compile(r",\s*(?=[Tt]rong đó\b[^;]*?\d\s*%)")


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clauses split at ";" — each may carry its own level; "và" joins groups within one — and before
    «trong đó N% …», so the target it narrows is read on its own."""
    spans, start = [], 0
    for match in re.finditer(rf";\s*|{_WITHIN.pattern}", sentence):
        if not match[0].startswith(";") and framework_level(fold_aligned(sentence[start:match.start()])) is None:
            continue  # «30% cán bộ, công chức cấp xã, trong đó 20% …, đạt bậc 3»: the level after it is for both
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    return [(a, b) for a, b in spans if sentence[a:b].strip()]


def _repeat_reason(earlier: Target, target: Target) -> str:
    """Why a second target of a group for a year is not kept: a repeat, or one that differs (another tier, level,
    share), which the office must settle in .targets.yml (tiendo keeps one target a group a year)."""
    said = f"chỉ tiêu nhóm {target.group} năm {target.year} đã có ở câu trước"
    differences = [f"{label} {show(target)} thay vì {show(earlier)}" for label, show in (
        ("cấp", lambda t: ", ".join(tier_labels().get(tier, tier).lower() for tier in t.tiers)),
        ("bậc", lambda t: str(t.min_level)),
        ("tỷ lệ", lambda t: f"{t.percent}%".replace(".", ",")), ("ngoại ngữ chuyên ngành",
                                                                 lambda t: "có" if t.specialized else "không"))
        if show(target) != show(earlier)]
    if not differences:
        return said
    return (f"{said} nhưng khác ({'; '.join(differences)}): tiendo giữ một chỉ tiêu cho mỗi nhóm, mỗi năm (chỉ tiêu "
            "đầu); nếu câu này mới đúng, hay cần theo dõi riêng, ghi vào tệp .targets.yml")


def _keep(candidate: _Candidate, targets: list[Target], unparsed: list[tuple[str, str]]) -> None:
    if candidate.targets:
        for t in candidate.targets:
            target = replace(t, quote=candidate.quote)
            if earlier := next((existing for existing in targets if existing.key == target.key), None):
                unparsed.append((candidate.quote, _repeat_reason(earlier, target)))
                continue
            targets.append(target)
    else:
        unparsed.append((candidate.quote, candidate.problem or "không hiểu được câu có dạng chỉ tiêu này"))


# -- sections: who does what, and the roadmap -------------------------------------------------------
_TASKS_HEADING = re.compile(r"to chuc thuc hien|phan cong (?:thuc hien|nhiem vu)|trach nhiem thuc hien")
_ROADMAP_HEADING = re.compile(r"\blo trinh\b")
_CLOSING = re.compile(r"^(tren day|noi nhan|tm\.|kt\.|chu tich|giam doc|bo truong)")
_SPAN = re.compile(r"(20\d\d)\s*(?:[-–—]|den)\s*(20\d\d)")
_SINGLE_YEAR = re.compile(r"(20\d\d)")


def _mark_sections(blocks: list[PlanBlock]) -> list[PlanBlock]:
    """Tag the blocks of the "Tổ chức thực hiện" and "Lộ trình" parts, so render can show them as a
    table and a timeline. A part runs to the next heading of its level or higher."""
    out = list(blocks)
    for name, pattern in (("tasks", _TASKS_HEADING), ("roadmap", _ROADMAP_HEADING)):
        matches = [i for i, b in enumerate(out) if b.kind == "heading" and pattern.search(fold_aligned(b.text))]
        # "4. Lộ trình và kinh phí" › "4.1. Lộ trình": the deepest heading is the part itself
        for i in sorted(matches, key=lambda i: -out[i].level)[:1]:
            block = out[i]
            level = block.level
            for j in range(i + 1, len(out)):
                other = out[j]
                folded = fold_aligned(other.text)
                if (other.kind == "heading" and other.level <= level) or _CLOSING.match(folded):
                    break
                out[j] = PlanBlock(other.kind, other.text, other.level, other.number, other.target_keys, name)
    return out


def _tasks(blocks: list[PlanBlock]) -> list[Task]:
    """Agency headings inside "Tổ chức thực hiện", each followed by its tasks."""
    tasks: list[Task] = []
    agency = None
    count = 0
    for block in blocks:
        if block.section != "tasks":
            continue
        if block.kind == "heading":
            agency, count = block.text.rstrip(":. "), 0
            continue
        if agency is None:
            continue
        count += 1
        number = block.number if block.number and block.number not in "-+•*–" else str(count)
        tasks.append(Task(agency, number, block.text))
    return tasks


def _roadmap(blocks: list[PlanBlock]) -> list[Phase]:
    phases = []
    for block in blocks:
        if block.section != "roadmap" or block.kind == "heading":
            continue
        label, _, rest = block.text.partition(":")
        folded = fold_aligned(label if rest else block.text[:40])
        if match := _SPAN.search(folded):
            start, end = int(match[1]), int(match[2])
        elif match := _SINGLE_YEAR.search(folded):
            start = end = int(match[1])
        else:
            continue
        phases.append(Phase(label.strip() if rest else block.text[:40], start, end, rest.strip() or block.text))
    return phases


# -- the plan ------------------------------------------------------------------------------------
def _issuer_kind(issuer: str | None) -> str:
    """_Context.issuer of a plan's issuer: a commune's, a central body's, or neither."""
    folded = fold_aligned(issuer or "")
    if re.match(r"ubnd (?:xa|phuong|thi tran|dac khu)\b", folded):
        return "xa"
    return "trung_uong" if _CENTRAL_ISSUER.match(folded) else ""


_SPACES = re.compile(r"[ \u00a0\u2007\u202f]+")  # no-break and thin spaces from Word, doubled spaces


def parse_plan(text: str, source: str = "") -> Plan:
    text = nfc(drop_invisible(text)).replace("\r\n", "\n").replace("\r", "\n")
    # "năm  2025", "năm\u00a02025", "cấp\u00a0xã" read as written with one space (quotes keep the one space)
    text = _SPACES.sub(" ", text)
    blocks, sources = _blocks(text)
    title, issuer, number, date = _metadata(text, blocks)
    targets, unparsed = extract_targets(text, blocks, sources, issuer=_issuer_kind(issuer))
    targets, unparsed = _future_only(targets, unparsed, date)
    if issuer and _district_city(issuer):
        targets = [_city_as_district(t) for t in targets]
    keys_by_quote: dict[str, list[str]] = {}
    for target in targets:
        keys_by_quote.setdefault(target.quote, []).append(target.key)
    marked = []
    for block, src in zip(blocks, sources):
        keys = tuple(k for quote, ks in keys_by_quote.items() if quote and quote in src for k in ks)
        marked.append(PlanBlock(block.kind, block.text, block.level, block.number, keys))
    marked = _mark_sections(marked)
    return Plan(source=source, title=title, issuer=issuer, number=number, date=date, targets=targets,
                unparsed=[quote for quote, _ in unparsed], unparsed_reasons=[reason for _, reason in unparsed],
                blocks=marked, tasks=_tasks(marked), roadmap=_roadmap(marked))


FIRST_TARGET_YEAR = 2021  # the programme's plans (2020 on) set targets from 2021; 2020 is the baseline survey


def _future_only(targets: list[Target], unparsed: list[tuple[str, str]],
                 issued: str | None) -> tuple[list[Target], list[tuple[str, str]]]:
    """A "target" for a year before the plan was issued is a figure already measured ("Tỷ lệ năm
    2020" beside the targets of a 2021 plan): said, not kept."""
    year = int(match[0]) if issued and (match := re.search(r"\d{4}", issued)) else None
    earliest = year or FIRST_TARGET_YEAR
    kept = []
    for target in targets:
        if target.year >= earliest:
            kept.append(target)
            continue
        when = f"trước năm ban hành kế hoạch ({year})" if year else f"trước năm {FIRST_TARGET_YEAR}"
        unparsed.append((target.quote, f"năm {target.year} {when}: số liệu đã có, không phải chỉ tiêu; nếu đó là "
                                       "chỉ tiêu, ghi vào tệp .targets.yml"))
    return kept, unparsed


# Cities run by the central government: "cấp thành phố" in their plans is the province's tier. Any other
# city (thành phố thuộc tỉnh) is a district-level unit, and so is its "cấp thành phố".
CENTRAL_CITIES = ("ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue")


def _district_city(issuer: str) -> bool:
    folded = fold_aligned(issuer)
    return folded.startswith("ubnd thanh pho ") and not folded.removeprefix("ubnd thanh pho ").startswith(CENTRAL_CITIES)


def _city_as_district(target: Target) -> Target:
    folded = fold_aligned(target.quote)
    if target.group != "cbcc" or "tinh" not in target.tiers or "cap thanh pho" not in folded or "cap tinh" in folded:
        return target
    tiers = tuple(t for t in TIERS if t in (set(target.tiers) - {"tinh"}) | {"huyen"})
    return replace(target, tiers=tiers)


class PlanFileError(Exception):
    """A plan file, or its reviewed targets file, cannot be used (message in Vietnamese, names the file)."""


PLAN_SUFFIXES = (".md", ".txt", ".docx")  # what read_plan reads
# What to do with a plan in any other form, said wherever a file is refused or passed over
PLAN_FORMAT_ADVICE = (f"tiendo đọc kế hoạch từ tệp {', '.join(PLAN_SUFFIXES)}. Tệp .doc, .pdf: mở bằng Word, lưu thành "
                      ".docx (hoặc dán văn bản vào một tệp .txt)")


def read_plan(path: Path | str) -> Plan:
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix.lower() == ".docx" or raw[:4] == b"PK\x03\x04":  # a zip: also a .docx saved as .txt or .md
        from tiendo.load.documents import docx_text

        try:
            return parse_plan(docx_text(path), source=path.name)
        except ValueError as exc:
            raise PlanFileError(str(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        text = str(best) if best is not None else raw.decode("utf-8", "replace")
    return parse_plan(text, source=path.name)


def plan_to_json(plan: Plan) -> dict:
    reasons = plan.unparsed_reasons or [""] * len(plan.unparsed)
    data = {
        "source": plan.source,
        "title": plan.title,
        "issuer": plan.issuer,
        "number": plan.number,
        "date": plan.date,
        "targets": [target_to_dict(t) for t in plan.targets],
        "unparsed": [{"quote": q, "reason": r} for q, r in zip(plan.unparsed, reasons)],
    }
    if plan.targets_source != "text":
        data["targets_source"] = plan.targets_source
        data["notes"] = list(plan.notes)
    return data


# -- the reviewed targets file (<plan>.targets.yml) ---------------------------------------------------
REVIEWED_HEADER = """\
# Chỉ tiêu của kế hoạch «{source}», đã được cán bộ kiểm tra.
# Tệp này do «python build.py targets {source} --write» viết ra từ văn bản; sau khi kiểm tra, sửa
# trực tiếp tại đây nếu cần. Khi tệp này có mặt, tiendo dùng nó thay cho chỉ tiêu đọc từ văn bản
# và cảnh báo ở mỗi lần dựng những chỗ văn bản và tệp này khác nhau.
# group: {groups}
# tiers: trung_uong, tinh, huyen, xa
"""


class ReviewedTargetsError(PlanFileError):
    """The reviewed targets file cannot be used (message in Vietnamese, names the file)."""


REVIEWED_SUFFIX = ".targets.yml"  # <plan name without its suffix>.targets.yml, beside the plan


def reviewed_path(plan_path: Path | str) -> Path:
    path = Path(plan_path)
    return path.with_name(path.stem + REVIEWED_SUFFIX)


def target_to_dict(t: Target) -> dict:
    return {"year": t.year, "group": t.group, "tiers": list(t.tiers), "percent": t.percent,
            "min_level": t.min_level, "specialized": t.specialized, "age_limit": t.age_limit,
            "focus": None if t.focus is None else {"leaders": t.focus.leaders, "age_limit": t.focus.age_limit,
                                                   "text": t.focus.text},
            "quote": t.quote}


def write_reviewed(plan: Plan, path: Path) -> Path:
    import yaml

    groups = ", ".join(load_groups())
    body = yaml.safe_dump({"targets": [target_to_dict(t) for t in plan.targets]}, allow_unicode=True,
                          sort_keys=False, width=100)
    path.write_text(REVIEWED_HEADER.format(source=plan.source, groups=groups) + body, encoding="utf-8")
    return path


def _target_from_dict(item: dict, name: str, index: int) -> Target:
    groups = load_groups()
    where = f"tệp «{name}», chỉ tiêu thứ {index}"
    try:
        group = str(item["group"])
        if group not in groups:
            raise ReviewedTargetsError(f"{where}: nhóm «{group}» không có (các nhóm: {', '.join(groups)}).")
        tiers = tuple(item.get("tiers") or groups[group].default_tiers)
        unknown = [t for t in tiers if t not in TIERS]
        if unknown:
            raise ReviewedTargetsError(f"{where}: cấp «{', '.join(unknown)}» không có (dùng {', '.join(TIERS)}).")
        percent = float(item["percent"])
        level = int(item["min_level"])
        if not 0 < percent <= 100 or not 1 <= level <= 6:
            raise ReviewedTargetsError(f"{where}: tỷ lệ phải trong (0, 100] và bậc trong 1–6.")
        focus = item.get("focus")
        return Target(
            year=int(item["year"]), group=group, tiers=tuple(t for t in TIERS if t in tiers),
            percent=int(percent) if percent.is_integer() else percent, min_level=level,
            specialized=bool(item.get("specialized", False)), quote=str(item.get("quote") or ""),
            age_limit=int(item["age_limit"]) if item.get("age_limit") else None,
            focus=None if not focus else Focus(leaders=bool(focus.get("leaders", True)),
                                               age_limit=int(focus["age_limit"]) if focus.get("age_limit") else None,
                                               text=str(focus.get("text") or "")))
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewedTargetsError(f"{where}: thiếu hoặc sai trường ({exc}).") from exc


def apply_reviewed(plan: Plan, path: Path) -> Plan:
    """Targets from the reviewed file win; every disagreement with the text becomes a note."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReviewedTargetsError(f"Tệp «{path.name}» không đọc được (YAML): {exc}") from exc
    items = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ReviewedTargetsError(f"Tệp «{path.name}» cần có danh sách «targets».")
    reviewed = [_target_from_dict(item, path.name, i) for i, item in enumerate(items, start=1)]
    from_text = {t.key: t for t in plan.targets}
    from_file = {t.key: t for t in reviewed}
    notes = []
    labels = {"percent": "tỷ lệ", "min_level": "bậc", "specialized": "ngoại ngữ chuyên ngành", "tiers": "cấp",
              "age_limit": "giới hạn tuổi"}
    for key, target in from_file.items():
        text_target = from_text.get(key)
        if text_target is None:
            notes.append(f"Chỉ tiêu {target.group} năm {target.year} có trong «{path.name}» nhưng không đọc được từ "
                         "văn bản.")
            continue
        for field_name, label in labels.items():
            a, b = getattr(text_target, field_name), getattr(target, field_name)
            if a != b:
                notes.append(f"Chỉ tiêu {target.group} năm {target.year}: văn bản ghi {label} «{_show(a)}», tệp đã "
                             f"duyệt ghi «{_show(b)}» — dùng tệp đã duyệt.")
    for key, target in from_text.items():
        if key not in from_file:
            notes.append(f"Chỉ tiêu {target.group} năm {target.year} đọc được từ văn bản nhưng không có trong "
                         f"«{path.name}» — không dùng.")
    plan.targets = reviewed
    plan.targets_source = "reviewed"
    plan.notes = notes
    keys_by_quote: dict[str, list[str]] = {}
    for target in reviewed:
        keys_by_quote.setdefault(target.quote, []).append(target.key)
    plan.blocks = [PlanBlock(b.kind, b.text, b.level, b.number,
                             tuple(k for q, ks in keys_by_quote.items() if q and q in b.text for k in ks), b.section)
                   for b in plan.blocks]
    return plan


def _show(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, tuple):
        return ", ".join(value)
    return "không" if value is None else str(value)


def load_plan(path: Path | str) -> Plan:
    """The plan as the build uses it: read from the text, then the reviewed file if there is one."""
    plan = read_plan(path)
    reviewed = reviewed_path(path)
    return apply_reviewed(plan, reviewed) if reviewed.exists() else plan

"""Level text as rosters write it → a bậc of Vietnam's 6-level framework (0 = none).

Every certificate band lives in config/equivalences.csv (with its legal source), which the
office can edit; only the framework itself (Bậc 1–6, Roman numerals, CEFR letters) is code."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tiendo.config import CONFIG_DIR
from tiendo.text import Distinct, fold, fold_aligned

DEFAULT_PATH = CONFIG_DIR / "equivalences.csv"

# A level to come, said first: "Đang học B1", "Chưa có (đăng ký học B1)"; "B2 (đang học C1)" has its B2
# «Đang học B2», and a note after the level: «B2 (đang ôn thi)», «B2 (dự kiến 2026)», «B2 (không đạt)»: not held
_NOT_YET = re.compile(r"(?:^|\W)(?:dang (?:theo )?hoc|dang on|dang ky (?:hoc|thi)|du kien|chua co|chua dat|chua thi"
                      r"|khong dat|truot|(?:dang )?cho (?:cap|ket qua|nhan))\b")  # «B1 (chờ cấp)»: not held yet
# A computing certificate («Tin học B», «IC3», «Ứng dụng CNTT cơ bản»), written beside the language in the lý
# lịch's «Trình độ ngoại ngữ, tin học» column: not a level of a foreign language («Tin học C» is not bậc 3)
_COMPUTING = re.compile(r"\btin hoc\b|\bic3\b|\bicdl\b|\bcntt\b|cong nghe thong tin|\bmos\b")
NONE_WORDS = {"", "chua co", "chua", "khong", "khong co", "-", "–", "0", "x", "nan", "none", "chua dat"}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
CEFR = {"a1": 1, "a2": 2, "b1": 3, "b2": 4, "c1": 5, "c2": 6}
DEGREE_TEST = "Văn bằng"
OLD_CERTIFICATE = "Chứng chỉ"  # the test of the old A/B/C certificates in the table
FRAMEWORK_TESTS = {"CEFR"}
_NOT_SCORED = {OLD_CERTIFICATE, "VSTEP", *FRAMEWORK_TESTS}  # a bare number under these is a bậc (names_one_test)

_LEVEL_AS_DATE = re.compile(r"^0?([1-6])/0?6/20[2-3]\d$")  # «04/06/2025»: «4/6» (Bậc 4/6) stored as this year's date
_SY = re.compile(r"\b(thac|tien) sy\b")
_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d)$")  # «TOPIK 4 (2019)», «2019 - TOEIC 650»: the year, not a score
_BAC = re.compile(r"\b(?:bac|level)\s*(vi|iv|v|i{1,3}|[1-6])\b")
_CEFR = re.compile(r"\b([abc][12])\b")
_BARE = re.compile(r"^\s*([0-6])(?:\.0+)?\s*$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")  # keeps "6.5" whole
_JLPT_BARE = re.compile(r"^n[1-5]$")
# Languages as a level cell names them (folded) → the name tiendo reports: «Anh văn», «TA» are Tiếng Anh
LANGUAGE_NAMES = {"anh": "Tiếng Anh", "ta": "Tiếng Anh", "phap": "Tiếng Pháp", "trung": "Tiếng Trung", "hoa": "Tiếng Trung",
                  "nhat": "Tiếng Nhật", "han": "Tiếng Hàn", "nga": "Tiếng Nga", "duc": "Tiếng Đức", "lao": "Tiếng Lào",
                  "khmer": "Tiếng Khmer", "campuchia": "Tiếng Khmer", "thai": "Tiếng Thái"}
# A language named beside a level («Tiếng Anh», «Anh văn», «TA», «NN» = ngoại ngữ), folded: not part of the level
_LANGUAGE_WORDS = re.compile(r"\b(?:(?:tieng|ngoai ngu|nn)(?: (?:" + "|".join(name for name in LANGUAGE_NAMES if name != "ta")
                             + r"))?|(?:anh|phap|trung|hoa|nhat|han|nga|duc)(?: van| ngu)?|ta)\b")
_LANGUAGE_NAMED = re.compile(r"\b(?:tieng )?(" + "|".join(LANGUAGE_NAMES) + r")\b")


def language_named(text: str) -> str:
    """The language a level cell names («Anh B2», «B1 tiếng Anh», «Tiếng Pháp C»), or "" («TOEIC 650»)."""
    match = _LANGUAGE_NAMED.search(fold(text))
    return LANGUAGE_NAMES[match[1]] if match else ""


# Between the levels of one cell: «;», a line break, «+»; a comma or a slash before the next level or
# language («A2, B2», «A2/B2», «Anh A2, Pháp B2», «TOEIC 650, IELTS 6.5»; not «Bậc 4/6», «IELTS 6,5», «B2,
# tiếng Anh»); a dash before «tiếng …». Matched on the folded cell (the tests' names come from the table).
_NEXT_LEVEL = (r"tin hoc\b|tieng \S+ \S|(?>(?:" + "|".join(LANGUAGE_NAMES) + r")(?: van| ngu)?) \S|[abc][12]\b|bac\b")
# A language written «Anh văn», «Anh ngữ», «Anh» after a degree («ĐH Anh văn», «Cử nhân Anh»): «tiếng anh», as the
# degree phrases of the table have it; «Hoa», «Hán», «Trung» only with «văn»/«ngữ» («Hóa học», «Hán Nôm» are none)
_LANGUAGE_SPELLED = re.compile(r"(?<!tieng )\b(?:(anh|phap(?! (?:luat|che|ly|y)\b)|nga)(?: van| ngu)?"
                               r"|(trung|hoa|nhat|han|duc) (?:van|ngu))\b")  # «Cử nhân Pháp luật» is law
# What makes a university's name a degree, not the issuer of a certificate (folded)
_DEGREE_TITLE = re.compile(r"\b(?:tot nghiep|cu nhan|cn|thac si|ths|tien si|van bang|bang)\b")
# (not «trình độ»: «Trình độ Đại học tiếng Anh» is the degree; «Đại học Sư phạm tiếng Anh» is one too)
_ISSUER_BEFORE = re.compile(r"\b(?:truong|(?<!trinh )do|tai|cua|boi)\W*$")


@dataclass(frozen=True)
class LevelReading:
    level: int | None  # bậc 0–6; 0 = no level; None = not understood
    evidence: str  # none | framework | vstep | old_certificate | international | degree | unknown
    test: str | None = None
    exempt: bool = False
    warning: str | None = None


class _BeyondScale(LevelReading):
    """A score above the test's scale («IELTS 65», «TOEFL 550» as iBT): another test the words may name
    («TOEFL» is also the paper test) is tried before it is said."""


@dataclass(frozen=True)
class _Band:
    value: str  # folded label ("b2", "n3") or ""
    low: float | None
    high: float | None
    level: int | None


def _evidence(test: str) -> str:
    if test == "VSTEP":
        return "vstep"
    if test == OLD_CERTIFICATE:
        return "old_certificate"
    if test in FRAMEWORK_TESTS:
        return "framework"
    return "international"


def framework_level(text: str) -> int | None:
    """Bậc 4, bậc IV, Bậc 4/6, bậc 4 (B2), B2, trình độ B1 → the bậc; None if none of these."""
    if match := _BAC.search(text):
        token = match[1]
        return int(token) if token.isdigit() else ROMAN[token]
    if match := _CEFR.search(text):
        return CEFR[match[1]]
    return None


class EquivalenceTable:
    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.bands: dict[str, list[_Band]] = {}
        self.aliases: list[tuple[str, str]] = []  # (folded alias, test), longest first
        self.degree_phrases: list[str] = []
        self.valid: dict[str, int | None] = {}
        for row in frame.itertuples(index=False):
            test = str(row.test).strip()
            if test == DEGREE_TEST:
                self.degree_phrases.append(fold(row.value))
                continue
            names = [test, *(a for a in str(row.aliases or "").split("|") if a.strip())]
            for name in names:
                key = " ".join(_TOKEN.findall(fold(name)))
                if key and (key, test) not in self.aliases:
                    self.aliases.append((key, test))
            level = None if pd.isna(row.level) or str(row.level).strip() == "" else int(float(row.level))
            self.bands.setdefault(test, []).append(_Band(
                value=" ".join(_TOKEN.findall(fold(row.value or ""))),
                low=_float(row.score_min), high=_float(row.score_max), level=level))
            years = _float(row.valid_years)
            if years is not None:
                self.valid[test] = int(years)
        self.aliases.sort(key=lambda pair: -len(pair[0]))
        tests = "|".join(re.escape(alias) for alias, test in self.aliases if test != OLD_CERTIFICATE)
        self._several = re.compile(rf"\s*(?:[;\n+]|[,/]\s*(?=(?:{_NEXT_LEVEL}|(?:{tests})\b))|"
                                   r"\s[-–]\s(?=tieng\s))\s*")
        self._read = lru_cache(maxsize=4096)(self._read_uncached)

    @classmethod
    def from_csv(cls, path: Path | str = DEFAULT_PATH) -> EquivalenceTable:
        frame = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
        return cls(frame)

    def names_one_test(self, text: str) -> bool:
        """Whether a column's header names one certificate test whose results are scores or levels
        of its own («IELTS», «Điểm TOEIC», «TOEFL iBT», «HSK»): a bare number under it is that test's
        («IELTS» over «5» is IELTS 5.0, not bậc 5). Not the framework's own columns («Khung 6 bậc»,
        «VSTEP», whose certificates state the bậc), nor a header listing several tests."""
        words = " ".join(_TOKEN.findall(fold(text)))
        scored = [alias for alias, test in self.aliases if test not in _NOT_SCORED]  # longest first: «toefl ibt», «toefl»
        for alias in scored:
            if (position := _find_word(words, alias)) is not None:
                rest = words[:position] + " " + words[position + len(alias):]
                return not any(_find_word(rest, other) is not None for other in scored)
        return False

    def validity_years(self, test: str) -> int | None:
        return self.valid.get(test)

    def read(self, text: object) -> LevelReading:
        if text is None or (isinstance(text, float) and math.isnan(text)):
            return LevelReading(0, "none")
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(int(text)) if float(text).is_integer() else str(text)
        return self._read(str(text))

    def read_many(self, values: pd.Series) -> pd.DataFrame:
        """One reading per distinct value, spread back: rosters repeat few spellings many times."""
        distinct = Distinct(values)
        readings = {value: self.read(value) for value in distinct.values}
        unique = distinct.values
        return distinct.spread(pd.DataFrame({
            "level": unique.map(lambda v: readings[v].level).astype("Int64"),
            "evidence": unique.map(lambda v: readings[v].evidence),
            "test": unique.map(lambda v: readings[v].test),
            "exempt": unique.map(lambda v: readings[v].exempt).astype(bool),
            "warning": unique.map(lambda v: readings[v].warning),
        }))

    # -- parsing ---------------------------------------------------------------------------------
    def _read_uncached(self, raw: str) -> LevelReading:
        """A cell may hold several levels («Anh A2; Pháp B2», «Tiếng Anh B1, tiếng Pháp B2», two
        sub-columns read together): the highest counts (any foreign language does), and a degree in a
        foreign language exempts. A part not understood is said, beside the level counted."""
        parts = [part for part in self._split(raw) if part.strip()]
        if len(parts) < 2:
            return self._read_one(raw)
        readings = [(part.strip(), self._read_one(part)) for part in parts]
        # «ĐHNN Huế, B1»: the university that issued the certificate, not a degree, as «B1, ĐHNN Huế» reads
        if (exempt := next((reading for _, reading in readings if reading.exempt), None)) and self._degree(fold(raw)):
            return exempt
        readings = [(part, reading) for part, reading in readings if not reading.exempt]
        known = [(part, reading) for part, reading in readings if reading.level is not None]
        if not known:
            return LevelReading(None, "unknown", warning=f"Không nhận ra trình độ ngoại ngữ «{raw.strip()}».")
        part, best = max(known, key=lambda pair: pair[1].level)
        # «Tiếng Anh» on a line of its own above «B1» (Alt+Enter) names the language of the level: not a level not understood
        unknown = [p for p, reading in readings if reading.level is None and _LANGUAGE_WORDS.sub(" ", fold(p)).strip()]
        if unknown:
            shown = ", ".join(f"«{p}»" for p in unknown)
            return LevelReading(best.level, best.evidence, best.test, warning=(
                f"«{raw.strip()}»: không nhận ra {shown}; tính theo «{part}»."))
        return best

    def _split(self, raw: str) -> list[str]:
        parts, start = [], 0
        for match in self._several.finditer(fold_aligned(raw)):
            parts.append(raw[start:match.start()])
            start = match.end()
        return [*parts, raw[start:]]

    def _read_one(self, raw: str) -> LevelReading:
        text = fold(raw)
        text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # Vietnamese decimal comma: "6,5" → "6.5"
        text = _SY.sub(r"\1 si", text).replace("ths.", "ths")  # «Thạc sỹ», «Tiến sỹ»: the other common spelling; «ThS.»
        if text in NONE_WORDS:
            return LevelReading(0, "none")
        if match := _LEVEL_AS_DATE.match(text):  # «4/6» typed into a General cell: Excel made it 4 June
            return LevelReading(int(match[1]), "framework", warning=(
                f"«{raw.strip()}» là ngày Excel tự đổi từ «{int(match[1])}/6» khi gõ vào ô định dạng General: đọc là "
                f"Bậc {int(match[1])}/6. Định dạng cột là Text rồi gõ lại «Bậc {int(match[1])}» cho rõ."))
        if _COMPUTING.search(text) and not _LANGUAGE_WORDS.search(text):
            # «Tin học B» in a «Ngoại ngữ, tin học» column: no foreign language (beside one, the language counts)
            return LevelReading(0, "none", warning=f"«{raw.strip()}» là chứng chỉ tin học, không phải ngoại ngữ: tính là "
                                                   "chưa có trình độ ngoại ngữ.")
        if not_yet := _NOT_YET.search(fold_aligned(raw)):
            # «B2 (đang học C1)», «IELTS 6.5 (đang ôn thi 7.0)»: the note is of the next level, the one before is held
            held = raw[:not_yet.start()].rstrip(" ([-–,;")
            next_level = re.search(r"\b[abc][12]\b|\bbac\b|\b\d{1,3}(?:[.,]\d+)?\b", fold_aligned(raw[not_yet.end():]))
            if next_level and held.strip() and (reading := self._read_one(held)).level:
                return reading
            return LevelReading(0, "none", warning=f"«{raw.strip()}»: chưa có chứng chỉ, tính là chưa có trình độ "
                                                   "ngoại ngữ.")
        if self._degree(text):
            return LevelReading(None, "degree", exempt=True)
        words = " ".join(_TOKEN.findall(text))
        if _JLPT_BARE.match(words):  # "N3" alone can only be the Japanese test
            words = "jlpt " + words
        beyond, beyond_alias = None, None
        for alias, test in self.aliases:
            position = _find_word(words, alias)
            if position is not None:
                rest = (words[:position] + " " + words[position + len(alias):]).strip()
                reading = self._read_test(test, rest or alias, raw)  # «PET», «FCE»: the name is the band
                if isinstance(reading, _BeyondScale):
                    beyond, beyond_alias = (beyond, beyond_alias) if beyond else (reading, alias)
                    continue
                if beyond is not None and alias != beyond_alias:  # «TOEFL iBT 550» names its test: said as it is
                    continue
                if reading is not None and reading.level and beyond is not None:  # «TOEFL 550»: the paper test
                    said = (f"«{raw.strip()}»: điểm vượt thang {beyond.test} (tối đa {_fmt(self._top(beyond.test))}): "
                            f"đọc theo bảng {test}.")
                    return LevelReading(reading.level, reading.evidence, reading.test,
                                        warning=" ".join(filter(None, [said, reading.warning])))
                if reading is not None and reading.level is None and framework_level(text) is not None:
                    # "B2 First": the alias took the words; the CEFR letter still says the level
                    return LevelReading(framework_level(text), evidence=_evidence(test), test=test)
                if reading is not None:
                    return reading
        if beyond is not None:
            return LevelReading(beyond.level, beyond.evidence, beyond.test, warning=beyond.warning)
        level = framework_level(text)
        if level is not None:
            return LevelReading(level, "framework")
        if match := _BARE.match(text):
            return LevelReading(int(match[1]), "framework" if int(match[1]) else "none")
        # «Anh C», «Anh văn C», «TA C», a bare «C»: the letter of an old certificate (a CEFR level has its digit)
        letter = _LANGUAGE_WORDS.sub(" ", words).split()
        if len(letter) == 1 and len(letter[0]) == 1 and (reading := self._read_test(OLD_CERTIFICATE, letter[0], raw)):
            return reading
        return LevelReading(None, "unknown", warning=f"Không nhận ra trình độ ngoại ngữ «{raw.strip()}».")

    def _degree(self, text: str) -> bool:
        """Whether a folded cell is a degree in a foreign language («Cử nhân tiếng Anh», «ĐH Anh văn»), not
        a certificate naming the university that issued it: «B1 (Trường Đại học Ngoại ngữ - ĐH Huế cấp)», «B1 do
        Trường Đại học Ngoại ngữ cấp», «B2, Đại học Ngoại ngữ - ĐHQG Hà Nội». A university's name is the degree
        after a title («Tốt nghiệp Trường Đại học Ngoại ngữ», «Cử nhân Sư phạm tiếng Anh»); else it is the issuer
        after «Trường», «do», «tại», or beside a level."""
        outside = _LANGUAGE_SPELLED.sub(r"tieng \1\2", re.sub(r"\([^)]*\)?", " ", text))
        for phrase in self.degree_phrases:
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", outside):
                before = outside[:match.start()]
                if _DEGREE_TITLE.search(before + phrase):
                    return True
                rest = before + " " + outside[match.end():]
                if not _ISSUER_BEFORE.search(before) and not self._level_beside(rest):
                    return True
        return False

    def _top(self, test: str) -> float:
        return max(b.high for b in self.bands[test] if b.high is not None)

    def _level_beside(self, text: str) -> bool:
        words = " ".join(_TOKEN.findall(text))
        return framework_level(text) is not None or any(
            _find_word(words, alias) is not None for alias, test in self.aliases if test != OLD_CERTIFICATE)

    def _read_test(self, test: str, rest: str, raw: str) -> LevelReading | None:
        bands = self.bands.get(test, [])
        evidence = _evidence(test)
        tokens = rest.split()
        joined = rest.replace(" ", "")
        for band in bands:  # labels first: "N3", "B2", "TDN4"
            if band.value and (band.value in tokens or band.value == joined):
                return LevelReading(band.level, evidence, test)
        level = framework_level(rest)
        if level is not None:  # "VSTEP bậc 4", "Trình độ B1"
            return LevelReading(level, "vstep" if test == "VSTEP" else "framework", test if test == "VSTEP" else None)
        scored = [b for b in bands if b.low is not None]
        numbers = [float(n) for n in _NUMBER.findall(rest) if not _YEAR.match(n)]
        if scored and numbers:
            score = numbers[-1] if test == "TOPIK" else numbers[0]  # "TOPIK II cấp 4": the last number
            for band in scored:
                if band.low <= score <= band.high:
                    return LevelReading(band.level, evidence, test)
            lowest = min(b.low for b in scored)
            if score < lowest:
                return LevelReading(0, evidence, test, warning=(
                    f"«{raw.strip()}»: điểm {test} {_fmt(score)} dưới mức thấp nhất của bảng quy đổi "
                    f"({_fmt(lowest)}): coi như chưa đạt bậc 3."))
            top = max(b.high for b in scored)
            if score > top:  # «IELTS 65» for 6.5: not the top band, a score the test does not give
                return _BeyondScale(0, evidence, test, warning=(
                    f"«{raw.strip()}»: điểm {test} {_fmt(score)} vượt thang điểm của bảng quy đổi (cao nhất "
                    f"{_fmt(top)}): không quy đổi được, coi như chưa có trình độ ngoại ngữ. Kiểm tra lại điểm (thiếu "
                    "dấu phẩy thập phân?)."))
            # between two bands: the lower level (EQUIVALENCES.md)
            below = [b for b in scored if b.high < score]
            if below:
                band = max(below, key=lambda b: b.high)
                return LevelReading(band.level, evidence, test, warning=(
                    f"«{raw.strip()}»: điểm {_fmt(score)} nằm giữa hai mức của bảng quy đổi: lấy mức thấp hơn."))
        if test == OLD_CERTIFICATE:
            return None  # "trình độ …" with nothing we know after it: let the framework try
        return LevelReading(None, "unknown", test, warning=(
            f"Không nhận ra mức của chứng chỉ {test} trong «{raw.strip()}»."))


def _find_word(words: str, alias: str) -> int | None:
    """Position of `alias` in `words` as whole words ("cc" must not match inside "accent")."""
    for match in re.finditer(re.escape(alias), words):
        start, end = match.start(), match.end()
        before = start == 0 or words[start - 1] == " "
        after = end == len(words) or words[end] == " " or (words[end].isdigit() and not alias[-1].isdigit())
        if before and after:
            return start
    return None


def _float(value) -> float | None:
    if value is None:
        return None
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _fmt(number: float) -> str:
    return (f"{number:g}").replace(".", ",")


@lru_cache(maxsize=1)
def default_table() -> EquivalenceTable:
    return EquivalenceTable.from_csv(DEFAULT_PATH)

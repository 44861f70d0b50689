"""One clear Vietnamese sentence for any failure that reaches the command line."""
from __future__ import annotations


def explain(exc: BaseException) -> str:
    from tiendo.load.cycles import DataDirError
    from tiendo.load.plans import PlanFileError
    from tiendo.load.units import UnitsError
    from tiendo.pipeline import BuildError
    from tiendo.publish import PublishError

    if isinstance(exc, (BuildError, PublishError, DataDirError, UnitsError, PlanFileError)):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"không tìm thấy tệp hoặc thư mục «{exc.filename}»."
    if isinstance(exc, PermissionError):
        return f"không có quyền đọc/ghi «{exc.filename}»."
    if isinstance(exc, OSError) and exc.errno == 28:
        return "hết dung lượng đĩa; trang đã xuất bản giữ nguyên."
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, (BrokenProcessPool, MemoryError)):
        return ("máy hết bộ nhớ, hoặc một tiến trình phụ (vẽ biểu đồ, ghi tệp tải về, quét rò rỉ) dừng đột ngột. Trang "
                "đã xuất bản giữ nguyên. Đóng bớt chương trình khác, hoặc chạy lại với --jobs 0 (mọi việc trong một "
                "tiến trình, ít bộ nhớ hơn).")
    return (f"lỗi không lường trước ({type(exc).__name__}: {exc}). Trang đã xuất bản giữ nguyên. "
            "Chạy lại với --debug để xem chi tiết và báo cho người phát triển.")

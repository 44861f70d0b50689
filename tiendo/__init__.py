"""tiendo: the progress-site generator for the national foreign-language programme for cán bộ,
công chức, viên chức (Đề án 1659, 2019–2030)."""

__version__ = "0.1.0"

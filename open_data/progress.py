"""A plain-text progress bar for long commands (no extra dependency)."""


class ProgressBar:
    def __init__(self, stream, total, label="", width=30):
        self.stream, self.total, self.label, self.width = stream, total, label, width
        self.enabled = total > 1 and hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done):
        if not self.enabled:
            return
        filled = int(self.width * done / self.total) if self.total else self.width
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}", ending="")
        if done >= self.total:
            self.stream.write("")
        self.stream.flush()

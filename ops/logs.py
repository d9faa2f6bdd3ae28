"""Log records as JSON lines on standard output, for journald, Docker and log shippers."""

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

# gunicorn's access-log atoms worth a field of their own.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "D": "duration_us",
    "f": "referer",
    "a": "user_agent",
    "{x-forwarded-for}i": "forwarded_for",
}


class JsonFormatter(BaseJsonFormatter):
    """One object per line: time, level, logger, message and any extra fields.

    gunicorn's access lines also get their request's method, path, status and timing as
    separate fields, so nobody has to parse the combined log format back out of them.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("json_default", str)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        log_data.pop("request", None)  # Django attaches the HttpRequest object itself.
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    log_data[field] = value

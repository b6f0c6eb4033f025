"""Errors a worker reports to the server as ``{"ok": false, "error": {code, message}}``."""


class EngineError(Exception):
    """A failure with a code the server maps to its own errors and a message for the user."""

    def __init__(self, code, message):
        Exception.__init__(self, message)
        self.code = code
        self.message = message


def missing_package(engine, package, requirement):
    """The error for an engine whose library is not installed in this environment."""
    return EngineError(
        "engine_unavailable",
        "the %s engine needs the Python package '%s', which this environment does not have; "
        "install it with: python -m pip install %s (or run `chatterbox setup`)" % (engine, package, requirement),
    )


def number(params, name, default, low, high):
    """A numeric parameter within [low, high], or ``default`` when absent."""
    if name not in params or params[name] is None:
        return default
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EngineError("invalid_parameter", "parameter %s must be a number, not %r" % (name, value))
    if not low <= value <= high:
        raise EngineError("invalid_parameter", "parameter %s must be from %s to %s, not %s" % (name, low, high, value))
    return value


def reject_unknown(params, known, engine):
    """Refuses parameters the engine does not accept, naming the ones it does."""
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise EngineError(
            "invalid_parameter",
            "engine %s has no parameter %s; it accepts: %s" % (engine, ", ".join(unknown), ", ".join(sorted(known))),
        )

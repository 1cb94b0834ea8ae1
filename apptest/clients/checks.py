"""Assertions shared by the boto3 client scripts: each failure exits at once
with a readable diff, and done() prints the PASS line the Go test requires."""

import difflib
import json
import sys

import botocore.exceptions


def _show(value):
    return json.dumps(value, indent=1, sort_keys=True, default=str).splitlines()


class Checker:
    def __init__(self, name):
        self.name = name
        self.count = 0

    def fail(self, label, detail=""):
        print("FAIL: %s %s" % (label, detail), file=sys.stderr)
        sys.exit(1)

    def eq(self, label, want, got):
        if want != got:
            diff = "\n".join(difflib.unified_diff(_show(want), _show(got), "want", "got", lineterm=""))
            self.fail(label, "\n" + diff)
        self.count += 1

    def truthy(self, label, got):
        if not got:
            self.fail(label, "got %r" % (got,))
        self.count += 1

    def done(self):
        print("PASS %s: %d checks" % (self.name, self.count))
        return 0


def expect_error(c, exc_class, label, call, code=None, **kwargs):
    """Calls call(**kwargs) and checks it raises exc_class as a 400 with a
    message, the way botocore maps the server's error envelope. The error
    code is the class name unless code says otherwise (query protocol
    services such as CloudWatch send InvalidParameterValue for
    InvalidParameterValueException)."""
    try:
        call(**kwargs)
    except exc_class as e:
        err = e.response.get("Error", {})
        c.eq(label + ": error code", code or exc_class.__name__, err.get("Code"))
        c.truthy(label + ": error message", err.get("Message"))
        c.eq(label + ": HTTP status", 400, e.response["ResponseMetadata"]["HTTPStatusCode"])
        return e
    except botocore.exceptions.ClientError as e:
        c.fail(label, "raised %s (%s), want %s" % (type(e).__name__, e.response.get("Error"), exc_class.__name__))
    c.fail(label, "succeeded, want %s" % exc_class.__name__)

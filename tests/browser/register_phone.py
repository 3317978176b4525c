"""Registers a desk phone for the browser tests with the e2e suite's SIP client
(tests/e2e/sipua.py): REGISTER from 127.0.0.1:PORT as USER/PASSWORD to SERVER
(ADDR:PORT), answering the digest challenge. Prints the final status; exits 0 on 200."""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))

from sipua import Phone  # noqa: E402


def main() -> int:
    server, port, username, password, trace_dir = sys.argv[1:6]
    trace = Path(trace_dir) / f"register-{username}.messages"
    with Phone("127.0.0.1", int(port), server, trace, username, password) as phone:
        finals = phone.register()
    status = finals[-1].status if finals else 0
    print(status)
    return 0 if status == 200 else 1


if __name__ == "__main__":
    if len(sys.argv) != 6:
        print("usage: register_phone.py SERVER PORT USER PASSWORD TRACE_DIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main())

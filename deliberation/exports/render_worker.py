"""A render process: reads PDF jobs on stdin, writes the PDFs on stdout, one at a time, until
its server closes the pipe (also when the server dies, so no render process outlives it).

A job is a 4-byte length and a pickle of (builder name, arguments) from the server that started
this process, never from anyone else; a reply is a status byte (K: the PDF, E: the error's
text), a 4-byte length and the bytes. It runs at a lower priority (nice), so that on a busy
machine the servers' live editors get the cores first.
"""
from __future__ import annotations

import os
import pickle
import struct
import sys
import traceback

from deliberation.exports import pdf

JOB = struct.Struct(">I")
REPLY = struct.Struct(">cI")
BUILDERS = {"version": pdf.version_pdf, "booklet": pdf.booklet_pdf, "decisions": pdf.decisions_pdf}


def read_exactly(stream, size: int) -> bytes | None:
    """``size`` bytes, or None at the end of the stream (a pipe may return fewer per read)."""
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve(jobs, replies) -> None:
    while True:
        head = read_exactly(jobs, JOB.size)
        if head is None:
            return
        job = read_exactly(jobs, JOB.unpack(head)[0])
        if job is None:
            return
        try:
            name, args = pickle.loads(job)
            status, data = b"K", BUILDERS[name](*args)
        except Exception:  # noqa: BLE001 -- the server logs it and answers 500; this process goes on
            status, data = b"E", traceback.format_exc().encode()
        replies.write(REPLY.pack(status, len(data)) + data)
        replies.flush()


def main() -> None:
    os.nice(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()

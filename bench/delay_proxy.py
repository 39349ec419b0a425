"""A loopback TCP proxy that delays each direction by N ms: a database server in the next
city (10 ms one way, a 20 ms round trip) or a cloud region (50 ms), on one machine.

    python bench/delay_proxy.py --delay-ms 10 --target 127.0.0.1:5432   # prints its port

Each chunk is forwarded N ms after it arrived, in order, so it models propagation delay
(not bandwidth): a request and its answer cost 2·N ms more, however many are in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def send() -> None:
        while True:
            due, data = await queue.get()
            if not data:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        with contextlib.suppress(Exception):
            writer.close()

    sender = asyncio.create_task(send())
    try:
        while True:
            data = await reader.read(65536)
            await queue.put((time.monotonic() + delay, data))
            if not data:
                break
    except (ConnectionError, OSError):
        await queue.put((0.0, b""))
    await sender


async def serve(target_host: str, target_port: int, delay_ms: float, port: int = 0,
                ready=None) -> None:  # type: ignore[no-untyped-def]
    delay = delay_ms / 1000

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(_pipe(client_r, server_w, delay), _pipe(server_r, client_w, delay),
                             return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", port, reuse_address=True)
    bound = server.sockets[0].getsockname()[1]
    if ready is not None:
        ready(bound)
    else:
        print(bound, flush=True)
    async with server:
        await server.serve_forever()


def start(delay_ms: float, target: str = "127.0.0.1:5432",
          port: int = 0):  # type: ignore[no-untyped-def]
    """Run the proxy in a child process (on ``port``, or any free one); returns (process,
    port). Killing the process is a server gone away; starting it again on the same port
    is the server back."""
    import subprocess

    proc = subprocess.Popen([sys.executable, __file__, "--delay-ms", str(delay_ms),
                             "--target", target, "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline())
    return proc, port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay-ms", type=float, default=10)
    parser.add_argument("--target", default="127.0.0.1:5432")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(host, int(port), args.delay_ms, args.port))


if __name__ == "__main__":
    main()

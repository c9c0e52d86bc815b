"""What keeps ``cocreate serve`` usable when many viewers arrive at once, and when things fail.

Used only by :mod:`cocreate_kit.serve` (imported lazily: it imports Jupyter Server).

Decisions, with the evidence behind them
----------------------------------------
Observed with ``benchmarks/serve.py`` (20 viewers opening one app at the same moment on
two cores, every viewer needing a kernel of its own):

* **Kernels run at a lower CPU priority than the server** (``nice`` +:data:`KERNEL_NICENESS`
  on POSIX). Twenty kernels booting and executing a notebook starve the single server
  process that streams every page and relays every websocket message: viewers waited
  tens of seconds for the first byte of the page (a blank tab) and kernel/websocket
  handshakes ran into their timeouts. The server's work per viewer is small; with the
  kernels niced it is done first, so every viewer gets the page and its "Starting the
  app…" status at once, and the kernels use the remaining CPU. With one viewer (an idle
  machine) priority changes nothing. This one is reasoned from scheduling, not shown by a
  measurement: an A/B with ``benchmarks/serve.py --kernel-niceness`` on the shared 2-core
  machine was too noisy to tell.
* **Timeouts sized for a crowd, not for one viewer.** Jupyter's defaults assume an idle
  machine: ``VoilaExecutor.iopub_timeout`` (4 s) silently *drops a cell's remaining
  outputs* when the kernel's output channel lags behind its reply - a page that finishes
  without its widgets and with no error; ``VoilaExecutor.startup_timeout`` (60 s) and
  ``MappingKernelManager.kernel_info_timeout`` (60 s) give up on kernels that are
  merely slow to boot. All three wait only as long as needed, so raising them costs
  nothing when the machine is idle (:data:`IOPUB_TIMEOUT`, :data:`KERNEL_START_TIMEOUT`).
* **Malformed websocket messages are ignored and logged**, one warning line each, instead
  of an uncaught exception that drops the sender's connection: invalid JSON, a broken
  binary frame (one claiming 2**60 parts froze the whole server and grew it past 4 GB in
  Jupyter Server 2.21, see :func:`v1_frame_problem`), a message type Voila does not allow (Jupyter Server already refuses
  ``execute_request`` and logs it) and messages larger than :data:`MAX_MESSAGE_BYTES`.
  Frames larger than :data:`MAX_FRAME_BYTES` are refused by Tornado before they are read
  into memory (it closes that one socket; the page reconnects).
* **Kernels talk to the server over Unix sockets** (``transport = "ipc"`` on POSIX), not
  TCP ports on 127.0.0.1. With TCP the server picks five free ports per kernel and the
  kernel binds them a moment later; with 20 kernels starting at once another kernel took
  one of them in between, the kernel died with "Address already in use", its five
  restarts reused the same port, and that viewer's page waited forever (Voila's render
  task failed with "Kernel died before replying to kernel_info" and its handler kept
  sending heartbeats). Socket files live in the server's private connection folder, so
  other local users cannot reach the kernels either.
* **The server log has times** (``HH:MM:SS``), so a slow or failed page can be matched to
  what the server did at that moment.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

__all__ = [
    "KERNEL_NICENESS",
    "IOPUB_TIMEOUT",
    "KERNEL_START_TIMEOUT",
    "MAX_MESSAGE_BYTES",
    "MAX_FRAME_BYTES",
    "configure",
    "GuardedKernelConnection",
    "LowPriorityKernelManager",
    "nice_command",
    "v1_frame_problem",
    "legacy_binary_problem",
]

#: ``nice`` increment of kernel processes (POSIX; 0 disables it). The environment
#: variable ``COCREATE_KERNEL_NICENESS`` overrides it (``benchmarks/serve.py`` compares).
KERNEL_NICENESS = 10
#: Seconds nbclient waits for a cell's outputs after the kernel's reply (Jupyter: 4).
IOPUB_TIMEOUT = 120
#: Seconds to wait for a kernel to boot and answer (Jupyter: 60).
KERNEL_START_TIMEOUT = 300
#: Larger websocket messages from a viewer are ignored and logged.
MAX_MESSAGE_BYTES = 4 * 2**20
#: Larger websocket frames are refused unread (Tornado closes that socket).
MAX_FRAME_BYTES = 16 * 2**20


def nice_command(cmd: list[str], niceness: int = KERNEL_NICENESS) -> list[str]:
    """``cmd`` run through ``nice -n niceness`` where ``nice`` exists (POSIX), else unchanged.

    ``nice`` replaces itself with the command, so the kernel keeps the process id Jupyter
    signals (interrupt, kill).

    Examples
    --------
    >>> cmd = ["python", "-m", "ipykernel_launcher", "-f", "k.json"]
    >>> out = nice_command(cmd)
    >>> out == cmd or (out[1:3] == ["-n", "10"] and out[3:] == cmd)
    True
    >>> nice_command(cmd, 0) == cmd
    True
    """
    nice = shutil.which("nice") if os.name == "posix" and niceness else None
    return [nice, "-n", str(niceness), *cmd] if nice else list(cmd)


class LowPriorityKernelManager(ServerKernelManager):
    """Jupyter Server's kernel manager, starting kernels under ``nice`` (see the module notes)."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        raw = os.environ.get("COCREATE_KERNEL_NICENESS", "")
        niceness = int(raw) if raw.strip().lstrip("-").isdigit() else KERNEL_NICENESS
        return nice_command(super().format_kernel_cmd(extra_arguments), niceness)


V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: A v1 frame with more parts than this is refused (a message has 6 plus its buffers).
MAX_PARTS = 1024


def v1_frame_problem(frame: Any) -> str | None:
    """Why ``frame`` is not a well-formed ``v1.kernel.websocket.jupyter.org`` message, or None.

    The frame starts with the number of offsets ``n`` (8 bytes, little-endian), then ``n``
    offsets: where the channel, the message parts and the end of the frame are. Jupyter
    Server trusts ``n``: a frame of a few bytes claiming 2**60 offsets keeps its event
    loop busy building that list until memory runs out, freezing every viewer. This
    checks the table before anything is parsed.

    Examples
    --------
    >>> def frame(parts):
    ...     n = len(parts) + 1
    ...     offsets, at = [], 8 * (n + 1)
    ...     for part in parts:
    ...         offsets.append(at)
    ...         at += len(part)
    ...     offsets.append(at)
    ...     head = n.to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    ...     return head + b"".join(parts)
    >>> v1_frame_problem(frame([b"shell", b"{}", b"{}", b"{}", b"{}"])) is None
    True
    >>> v1_frame_problem(bytes([0, 1]) + b"garbage")
    'it declares 7449343502047445248 parts'
    >>> v1_frame_problem("text")
    'a text frame on the binary protocol'
    >>> v1_frame_problem(frame([b"shell", b"{}"])[:-1])
    'its offsets do not fit the frame'
    """
    if not isinstance(frame, (bytes, bytearray, memoryview)):
        return "a text frame on the binary protocol"
    data = bytes(frame[:8])
    if len(data) < 8:
        return "it is shorter than 8 bytes"
    n = int.from_bytes(data, "little")
    if not 3 <= n <= MAX_PARTS or 8 * (n + 1) > len(frame):
        return f"it declares {n} parts"
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(n)]
    if offsets[0] < 8 * (n + 1) or offsets != sorted(offsets) or offsets[-1] > len(frame):
        return "its offsets do not fit the frame"
    return None


def legacy_binary_problem(frame: bytes) -> str | None:
    """Why a binary frame of the legacy (JSON) protocol is malformed, or None.

    It starts with the number of buffers (4 bytes, big-endian), then one 4-byte offset per
    buffer; Jupyter Server builds a ``struct`` format of that many fields unchecked (one
    bad frame held the server for 8 s).

    Examples
    --------
    >>> v1 = bytes([0, 0, 0, 1, 0, 0, 0, 8]) + b"{}"
    >>> legacy_binary_problem(v1) is None
    True
    >>> legacy_binary_problem(bytes([0, 1]) + b"garbage")
    'it declares 92001 buffers'
    """
    if len(frame) < 4:
        return "it is shorter than 4 bytes"
    n = int.from_bytes(frame[:4], "big", signed=True)
    if not 1 <= n <= MAX_PARTS or 4 * (n + 1) > len(frame):
        return f"it declares {n} buffers"
    return None


class GuardedKernelConnection(ZMQChannelsWebsocketConnection):
    """The kernel websocket connection, ignoring (and logging) what it cannot use.

    Jupyter Server raises on invalid JSON or a broken binary frame, and Tornado then logs a
    traceback and drops the connection; here each such message is skipped with one
    warning naming the kernel and the reason, and the connection stays up.
    """

    def handle_incoming_message(self, incoming_msg: Any) -> None:
        size = len(incoming_msg) if isinstance(incoming_msg, (str, bytes)) else 0
        if size > MAX_MESSAGE_BYTES:
            self.log.warning(
                "Ignored a %d-byte websocket message for kernel %s (more than %d bytes).",
                size,
                self.kernel_id,
                MAX_MESSAGE_BYTES,
            )
            return
        if self.subprotocol == V1_PROTOCOL:
            problem = v1_frame_problem(incoming_msg)
        elif isinstance(incoming_msg, bytes):
            problem = legacy_binary_problem(incoming_msg)
        else:
            problem = None
        if problem:
            self.log.warning(
                "Ignored a malformed websocket message for kernel %s (%s).",
                self.kernel_id,
                problem,
            )
            return
        try:
            super().handle_incoming_message(incoming_msg)
        except Exception as exc:  # a viewer's bad message must not reach the server
            self.log.warning(
                "Ignored a malformed websocket message for kernel %s (%s: %s).",
                self.kernel_id,
                type(exc).__name__,
                str(exc)[:200] or "no detail",
            )


def configure(c: Any) -> Any:
    """Apply the settings above to the traitlets ``Config`` ``c`` of the kit's Voila server.

    Examples
    --------
    >>> from traitlets.config import Config
    >>> c = configure(Config())
    >>> c.VoilaExecutor.iopub_timeout == IOPUB_TIMEOUT
    True
    >>> c.Voila.tornado_settings["websocket_max_message_size"] == MAX_FRAME_BYTES
    True
    >>> os.name != "posix" or c.KernelManager.transport == "ipc"
    True
    """
    if os.name == "posix":
        c.KernelManager.transport = "ipc"
    c.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT
    c.VoilaExecutor.startup_timeout = KERNEL_START_TIMEOUT
    c.MappingKernelManager.kernel_info_timeout = float(KERNEL_START_TIMEOUT)
    c.AsyncMappingKernelManager.kernel_manager_class = (
        f"{__name__}.{LowPriorityKernelManager.__name__}"
    )
    c.Voila.kernel_websocket_connection_class = GuardedKernelConnection
    settings = dict(c.Voila.get("tornado_settings", {}) or {})
    settings["websocket_max_message_size"] = MAX_FRAME_BYTES
    c.Voila.tornado_settings = settings
    c.Voila.log_format = "[%(name)s %(asctime)s]%(highlevel)s %(message)s"
    c.Voila.log_datefmt = "%H:%M:%S"
    return c
